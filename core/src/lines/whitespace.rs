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
    let ascii = text.is_ascii();
    let start_byte = byte_at(text, lo);
    let end_byte = start_byte + byte_at(&text[start_byte..], hi.saturating_sub(lo));
    let hay = &text[..end_byte];
    let mut found = Vec::new();
    let (mut counted_byte, mut counted) = (start_byte, lo); // code points up to counted_byte
    let mut to_chars = |at: usize| {
        if ascii {
            return at;
        }
        counted += text[counted_byte..at].chars().count();
        counted_byte = at;
        counted
    };
    // Only a run of whitespace of two characters or more, or with a tab, an odd space or a
    // zero-width character in it, can hold a match (a match is made of such runs' characters).
    let bytes = hay.as_bytes();
    let mut i = start_byte;
    while i < end_byte {
        let b = bytes[i];
        if b != b' ' && b != b'\n' && b != b'\t' && b < 0x80 {
            i += 1;
            continue;
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
        if !plain || j - i >= 2 {
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
                let start = to_chars(whole.start());
                found.push((start, to_chars(end), blank));
                pos = end;
            }
        }
        i = j;
    }
    Some(found)
}
