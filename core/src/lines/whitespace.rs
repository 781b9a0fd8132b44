//! The whitespace pass's scan (passes/whitespace.py): where its pattern matches.
//!
//! The reference finds the runs of whitespace that can hold a problem with C-speed searches
//! and runs its pattern (the `regex` module, possessive quantifiers and a look-ahead) inside
//! them; it finds what one scan of the whole range finds (tests/test_properties.py). Here the
//! range is scanned once by the same pattern in the regex crate's terms: the look-ahead
//! ` ++(?=\n)` becomes ` +\n` with the newline given back (the next match may start at it), and
//! the possessive quantifiers plain ones (what follows them cannot take what they give back).
//! The classes are lists of characters, so `re` and the regex crate read them alike.

use pyo3::prelude::*;
use pyo3::types::PyString;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

const ODD_SPACES: &str = "\u{00a0}\u{1680}\u{2000}-\u{200a}\u{202f}\u{205f}";
const ZERO_WIDTH: &str = "\u{200b}\u{2060}\u{feff}";

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(whitespace_sites, m)?)?;
    m.add_function(wrap_pyfunction!(whitespace_fix, m)?)?;
    Ok(())
}

/// The regex-crate pattern for the reference's pattern `source`, compiled once (shared, so
/// that its search caches are kept too); None if `source` is not the pattern translated here
/// (keep: the newlines after the first that make too many blank lines).
fn pattern(source: &str, keep: usize) -> Option<Arc<regex::Regex>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Arc<regex::Regex>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache.lock().unwrap();
    if let Some(found) = cache.get(source) {
        return found.clone();
    }
    let hspace = format!(" \t{ODD_SPACES}{ZERO_WIDTH}"); // a tab character, as in the reference
    let reference = format!(
        "(?P<blank>\\n(?:[{hspace}]*\\n){{{keep},}})|(?P<ws> ++(?=\\n)| *+[\\t{ODD_SPACES}{ZERO_WIDTH}][{hspace}]*+| {{2,}}+[{hspace}]*+)"
    );
    let compiled = (source == reference).then(|| {
        Arc::new(
            regex::Regex::new(&format!("\\n(?:[{hspace}]*\\n){{{keep},}}| +\\n| *[\\t{ODD_SPACES}{ZERO_WIDTH}][{hspace}]*| {{2,}}[{hspace}]*"))
                .expect("the whitespace pattern"),
        )
    });
    cache.insert(source.to_string(), compiled.clone());
    compiled
}

fn is_odd_or_zero_width(c: char) -> bool {
    matches!(c, '\u{00a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// The byte offset of code point `n` of `text` (or its length).
fn byte_at(text: &str, n: usize) -> usize {
    if text.is_ascii() {
        return n.min(text.len());
    }
    text.char_indices().nth(n).map_or(text.len(), |(at, _)| at)
}

/// The matches of WhitespacePass's pattern `source` (blank lines: `keep` newlines or more
/// after the first) in text[lo:hi], as (start, end, blank) in code points, left to right;
/// None for a text that UTF-8 cannot hold or a pattern other than the one translated here.
#[pyfunction]
pub fn whitespace_sites(text: &Bound<'_, PyString>, lo: usize, hi: usize, keep: usize, source: &str) -> Option<Vec<(usize, usize, bool)>> {
    let pattern = pattern(source, keep)?;
    let text = text.to_str().ok()?; // (a lone surrogate: the reference runs)
    let start_byte = byte_at(text, lo);
    let end_byte = start_byte + byte_at(&text[start_byte..], hi.saturating_sub(lo));
    let mut chars = Chars::new(text, start_byte, lo);
    Some(sites(text, start_byte, end_byte, &pattern, keep).into_iter().map(|(s, e, blank)| (chars.at(s), chars.at(e), blank)).collect())
}

/// Code-point offsets of increasing byte offsets of a text, counted as they come.
struct Chars<'a> {
    text: &'a str,
    ascii: bool,
    byte: usize,
    count: usize,
}

impl<'a> Chars<'a> {
    fn new(text: &'a str, byte: usize, count: usize) -> Self {
        Chars { text, ascii: text.is_ascii(), byte, count }
    }

    fn at(&mut self, at: usize) -> usize {
        if self.ascii {
            return at;
        }
        self.count += self.text[self.byte..at].chars().count();
        self.byte = at;
        self.count
    }
}

/// 0x80 in each byte of `word` that equals `b`, 0 elsewhere (no carry crosses bytes).
#[inline]
fn byte_eq(word: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (0x0101_0101_0101_0101 * b as u64);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

const PLAIN: u8 = 1;
/// Per byte: PLAIN (a space or a line break), 2 (a tab), 3 (a lead byte of an odd space or a
/// zero-width character: U+00A0, U+1680, U+2000-U+2060, U+FEFF), else 0.
static KIND: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b' ' as usize] = PLAIN;
    t[b'\n' as usize] = PLAIN;
    t[b'\t' as usize] = 2;
    t[0xC2] = 3;
    t[0xE1] = 3;
    t[0xE2] = 3;
    t[0xEF] = 3;
    t
};

/// Whether a run of spaces and line breaks can hold a match: two spaces in a row, a space
/// before a line break, or more than `keep` line breaks (the pattern's alternatives, read
/// on such characters).
fn plain_run_may_match(run: &[u8], keep: usize) -> bool {
    run.windows(2).any(|w| w[0] == b' ' && (w[1] == b' ' || w[1] == b'\n')) || run.iter().filter(|&&b| b == b'\n').count() > keep
}

/// The matches in text[start_byte..end_byte], as (start, end, blank) in bytes.
fn sites(text: &str, start_byte: usize, end_byte: usize, pattern: &regex::Regex, keep: usize) -> Vec<(usize, usize, bool)> {
    let hay = &text[..end_byte];
    let mut found = Vec::new();
    // Only a run of whitespace of two characters or more, or with a tab, an odd space or a
    // zero-width character in it, can hold a match (a match is made of such runs' characters).
    let bytes = hay.as_bytes();
    let next_kind = |at: usize| if at < end_byte { KIND[bytes[at] as usize] } else { 0 };
    let mut i = start_byte;
    while i < end_byte {
        // eight bytes at a time up to the first that may start a run that matters: a tab, an
        // odd space's lead byte, or a space or line break before another of those
        if i + 9 <= end_byte {
            let word = u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap());
            let plain = byte_eq(word, b' ') | byte_eq(word, b'\n');
            let special = byte_eq(word, b'\t') | byte_eq(word, 0xC2) | byte_eq(word, 0xE1) | byte_eq(word, 0xE2) | byte_eq(word, 0xEF);
            let last = if KIND[bytes[i + 8] as usize] != 0 { 0x80 << 56 } else { 0 };
            let hits = special | (plain & (((plain | special) >> 8) | last));
            if hits == 0 {
                i += 8;
                continue;
            }
            i += (hits.trailing_zeros() / 8) as usize;
        }
        let b = bytes[i];
        match KIND[b as usize] {
            0 => {
                i += 1; // no run starts here (a continuation byte never leads an odd space)
                continue;
            }
            PLAIN if next_kind(i + 1) == 0 => {
                i += 2; // a lone space or line break before an ordinary character
                continue;
            }
            _ => {}
        }
        let (mut j, mut plain) = (i, true);
        while j < end_byte {
            let c = if bytes[j] < 0x80 { bytes[j] as char } else { hay[j..].chars().next().unwrap() };
            if c == ' ' || c == '\n' {
                j += 1;
            } else if c == '\t' || is_odd_or_zero_width(c) {
                plain = false;
                j += c.len_utf8();
            } else {
                break;
            }
        }
        if j == i {
            i += hay[i..].chars().next().unwrap().len_utf8(); // another non-ASCII character
            continue;
        }
        if !plain || (j - i >= 2 && plain_run_may_match(&bytes[i..j], keep)) {
            let run = &hay[..j];
            let mut pos = i;
            while pos < j {
                let Some(whole) = pattern.find_at(run, pos) else { break };
                // only the blank-lines alternative starts with a newline
                let blank = bytes[whole.start()] == b'\n';
                let mut end = whole.end();
                if !blank && bytes[end - 1] == b'\n' {
                    end -= 1; // ` ++(?=\n)`: the newline is looked at, not taken
                }
                found.push((whole.start(), end, blank));
                pos = end;
            }
        }
        i = j;
    }
    found
}

fn is_odd(c: char) -> bool {
    matches!(c, '\u{00a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}')
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// `_STRIP` of passes/whitespace.py: horizontal whitespace of every kind and the line break.
fn is_strip(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n') || is_odd_or_zero_width(c)
}

// The (rule, reason) pairs of WhitespacePass.run, numbered as in passes/whitespace.py's
// _CORE_REASONS.
const LEADING: u8 = 0;
const BLANK: u8 = 1;
const TRAILING: u8 = 2;
const INDENTATION: u8 = 3;
const ODD_INDENT: u8 = 4;
const ZERO_WIDTH_INDENT: u8 = 5;
const ODD: u8 = 6;
const TAB: u8 = 7;
const ZW: u8 = 8;
const RUN: u8 = 9;
const FINAL_NEWLINE: u8 = 10;
const TRAILING_END: u8 = 11;
const TRAILING_BLANK: u8 = 12;
const REASONS: usize = 13;

/// WhitespacePass._classify of the run text[start..end] (bytes): (reason, replacement).
fn classify(text: &str, start: usize, end: usize, keep_indentation: bool) -> Option<(u8, String)> {
    let bytes = text.as_bytes();
    let run = &text[start..end];
    if end == text.len() || bytes[end] == b'\n' {
        return Some((TRAILING, String::new()));
    }
    if start == 0 || bytes[start - 1] == b'\n' {
        if !keep_indentation {
            return Some((INDENTATION, String::new()));
        }
        let cleaned: String = run.chars().filter(|&c| !is_zero_width(c)).map(|c| if is_odd(c) { ' ' } else { c }).collect();
        if cleaned == run {
            return None;
        }
        return Some((if run.chars().any(is_odd) { ODD_INDENT } else { ZERO_WIDTH_INDENT }, cleaned));
    }
    if run.chars().any(is_odd) {
        return Some((ODD, " ".into()));
    }
    if run.contains('\t') {
        return Some((TAB, " ".into()));
    }
    if run.chars().any(is_zero_width) {
        let inner = run.trim_matches(is_zero_width);
        return Some((ZW, if inner.is_empty() { String::new() } else { " ".into() }));
    }
    Some((RUN, " ".into()))
}

/// One edit of the pass: (reason, start, end, replacement), in bytes.
type ByteEdit = (u8, usize, usize, String);

/// WhitespacePass.run's edits, in bytes (enabled: one flag per reason).
#[allow(clippy::too_many_arguments)]
fn edits(text: &str, head: bool, tail: bool, keep: usize, keep_indentation: bool, final_newline: bool, pattern: &regex::Regex, enabled: &[bool]) -> Vec<ByteEdit> {
    let mut found: Vec<ByteEdit> = Vec::new();
    let end_of_content = if tail { text.trim_end_matches(is_strip).len() } else { text.len() };
    let first = text.len() - text.trim_start_matches(is_strip).len();
    let lead_end = if end_of_content > 0 && head { text[..first].rfind('\n').map_or(0, |at| at + 1) } else { 0 };
    if lead_end > 0 && enabled[LEADING as usize] {
        found.push((LEADING, 0, lead_end, String::new()));
    }
    let newlines = "\n".repeat(keep);
    if lead_end < end_of_content {
        for (start, end, blank) in sites(text, lead_end, end_of_content, pattern, keep) {
            let (reason, replacement) = if blank {
                (BLANK, newlines.clone())
            } else {
                match classify(text, start, end, keep_indentation) {
                    Some(found) => found,
                    None => continue,
                }
            };
            if enabled[reason as usize] {
                found.push((reason, start, end, replacement));
            }
        }
    }
    let ending = &text[end_of_content..];
    let expected = if !tail {
        ending
    } else if end_of_content == 0 {
        ""
    } else if final_newline || ending.contains('\n') {
        "\n"
    } else {
        ""
    };
    if ending != expected {
        let reason = if ending.is_empty() {
            FINAL_NEWLINE
        } else if matches!(ending.trim_matches(|c| c != '\n' && is_strip(c)), "" | "\n") && end_of_content > 0 {
            TRAILING_END
        } else {
            TRAILING_BLANK
        };
        if enabled[reason as usize] {
            found.push((reason, end_of_content, text.len(), expected.to_string()));
        }
    }
    found
}

/// WhitespacePass.run whole (passes/whitespace.py), for its pattern `source` (blank lines:
/// `keep` newlines or more after the first; enabled: one flag per reason, as numbered in
/// _CORE_REASONS there): with `record`, (None, the edits as (reason, start, end,
/// replacement) in code points); without, (the fixed text or None if nothing changes, []).
/// None for a text that UTF-8 cannot hold or a pattern other than the one translated here.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[allow(clippy::type_complexity)]
pub fn whitespace_fix(
    text: &Bound<'_, PyString>,
    head: bool,
    tail: bool,
    keep: usize,
    keep_indentation: bool,
    final_newline: bool,
    source: &str,
    enabled: Vec<bool>,
    record: bool,
) -> Option<(Option<String>, Vec<(u8, usize, usize, String)>)> {
    let pattern = pattern(source, keep)?;
    let text = text.to_str().ok()?;
    if enabled.len() != REASONS {
        return None;
    }
    let found = edits(text, head, tail, keep, keep_indentation, final_newline, &pattern, &enabled);
    if found.is_empty() {
        return Some((None, Vec::new()));
    }
    if record {
        let mut chars = Chars::new(text, 0, 0);
        let out = found.into_iter().map(|(reason, s, e, replacement)| (reason, chars.at(s), chars.at(e), replacement)).collect();
        return Some((None, out));
    }
    let mut fixed = String::with_capacity(text.len());
    let mut pos = 0;
    for (_, start, end, replacement) in &found {
        fixed.push_str(&text[pos..*start]);
        fixed.push_str(replacement);
        pos = *end;
    }
    fixed.push_str(&text[pos..]);
    Some((Some(fixed), Vec::new()))
}
