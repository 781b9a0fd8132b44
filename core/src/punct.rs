//! The punctuation-spacing pass's scan (textfix/passes/punctuation.py): the places where a
//! rule may apply, found in one pass over the text, so that a document with nothing to
//! repair costs one call and Python builds candidates and decides only at the sites found.
//!
//! `punct_sites(text)` returns, in increasing order and as code-point offsets, a SUPERSET of
//! the positions where the reference's `_ANCHOR` matches AND `_candidates` finds something,
//! every position holding one of the anchor's characters. Each test here is a necessary
//! condition of the reference's patterns, read as ASCII; wherever the reference reads a
//! Unicode class (`\d`, `\w`, `\s`, word boundaries, the word lists), the test here answers
//! "maybe" (a non-ASCII character may be a decimal digit or a letter), so no site of the
//! reference is lost. The caller confirms each site with `_ANCHOR.match(text, pos)` before
//! building candidates there, so an extra site costs one regex call and changes nothing.
//! Returns None for a text UTF-8 cannot hold (a lone surrogate): the reference scans it.

use pyo3::prelude::*;
use pyo3::types::PyString;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(punct_sites, m)?)?;
    Ok(())
}

/// The anchor's characters: `[,.;:!?)\]'’"“”(\[-]`.
fn is_anchor(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '\'' | '’' | '"' | '“' | '”' | '(' | '[' | '-')
}

/// Lead bytes of the anchor's characters (the curly quotes start with 0xE2).
const fn anchor_bytes() -> [bool; 256] {
    let mut t = [false; 256];
    let ascii = b",.;:!?)]'\"([-";
    let mut i = 0;
    while i < ascii.len() {
        t[ascii[i] as usize] = true;
        i += 1;
    }
    t[0xE2] = true;
    t
}
static ANCHOR_BYTE: [bool; 256] = anchor_bytes();

/// The closing marks of the reference's `_CLOSERS` class: `"'”’)]`.
fn closer(c: Option<char>) -> bool {
    matches!(c, Some('"' | '\'' | '”' | '’' | ')' | ']'))
}
fn letter(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic())
}
fn lower(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_lowercase())
}
fn upper(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_uppercase())
}
/// Characters no `\w` (nor `\d`) of `re` can be: Latin-1's punctuation and symbols and the
/// General Punctuation block (tests/test_core_punct.py checks this against Python).
fn never_word(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{bf}' | '\u{d7}' | '\u{f7}' | '\u{2000}'..='\u{206f}') && !matches!(c, '\u{aa}' | '\u{b2}' | '\u{b3}' | '\u{b5}' | '\u{b9}' | '\u{ba}' | '\u{bc}'..='\u{be}')
}
/// Maybe `re`'s `\d`: an ASCII digit, or a character above Latin-1 that may be one (no
/// decimal digit stands in Latin-1 or in General Punctuation).
fn maybe_decimal(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit() || (c > '\u{ff}' && !never_word(c)))
}
/// Maybe `re`'s `\w`.
fn maybe_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && !never_word(c)))
}
/// Maybe not `re`'s `\w`: any character but an ASCII letter, digit or "_" (a character
/// above ASCII may be one Python's Unicode tables do not call a word character: an
/// unassigned one, a symbol).
fn maybe_not_word(c: char) -> bool {
    !(c.is_ascii_alphanumeric() || c == '_')
}
/// Maybe `[^\W\d_]` (a `\w` that is no digit and no underscore).
fn maybe_word_letter(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic() || (!c.is_ascii() && !never_word(c)))
}
/// `[A-Za-z\u00c0-\u024f]`.
fn latin(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c))
}

/// The positions after up to three closing marks: where the lookahead
/// `["'”’)\]]{0,3}` may end.
fn after_closers(ahead: &[Option<char>; 8]) -> impl Iterator<Item = usize> + '_ {
    (0..=3).take_while(move |&k| k == 0 || closer(ahead[k - 1]))
}

/// The anchor (`_ANCHOR`) may match at this character.
fn anchor_may_match(c: char, b1: Option<char>, b2: Option<char>, a: &[Option<char>; 8]) -> bool {
    if b1 == Some(' ') || (matches!(c, '\'' | '’') && b1 == Some('n') && b2 == Some(' ')) {
        return true;
    }
    // (?<=[.!?:,;"“”)])(?=["'”’)\]]{0,3}[“‘]?[A-Za-z])
    if matches!(c, '.' | '!' | '?' | ':' | ',' | ';' | '"' | '“' | '”' | ')')
        && after_closers(a).any(|k| letter(a[k]) || (matches!(a[k], Some('“' | '‘')) && letter(a[k + 1])))
    {
        return true;
    }
    match c {
        '(' | '[' if a[0] == Some(' ') => true,
        '(' => letter(a[0]) || maybe_decimal(a[0]),
        // (?<=[,;])(?=\d)(?:(?<=[^\W\d_].)|(?<=\d,)(?=\d{4}...))
        ',' | ';' => {
            maybe_decimal(a[0])
                && (maybe_word_letter(b1) || (c == ',' && maybe_decimal(b1) && a[..4].iter().all(|&x| maybe_decimal(x))))
        }
        _ => false,
    }
}

/// The reference's `_AFTER["sentence"]` may match (its lookahead, from just after the mark).
fn sentence_may_follow(a: &[Option<char>; 8]) -> bool {
    after_closers(a).any(|k| {
        let q = if matches!(a[k], Some('“' | '‘')) { k + 1 } else { k };
        let (x, y) = (a[q], a[q + 1]);
        upper(x) && (lower(y) || upper(y) || (matches!(x, Some('A' | 'I')) && matches!(y, Some(' ' | '\'' | '’'))))
    })
}

/// `_candidates` may find something at the anchor `c` at byte `i` (a necessary condition
/// of each rule). `max_stem`: the longest abbreviation stem (`_ABBREV_STEMS`).
fn candidates_may_exist(s: &str, i: usize, c: char, b1: Option<char>, b2: Option<char>, a: &[Option<char>; 8], max_stem: usize) -> bool {
    let spaced = b1 == Some(' ') || (matches!(c, '\'' | '’') && b1 == Some('n') && b2 == Some(' '));
    if spaced {
        // the character before the spaces (None: the start of the text)
        let at = if b1 == Some('n') { i - 1 } else { i };
        let x = s[..at].trim_end_matches(' ').chars().next_back();
        let found = match (x, c) {
            (None | Some('\n'), _) => false,
            (_, ',' | '.' | ';' | ':' | '!' | '?') => space_before_may_follow(s, i),
            (_, ')' | ']') => maybe_word(x) || matches!(x, Some('.' | '!' | '?' | '"' | '\'' | '”' | '’')),
            (_, '-') => letter_or_dot(x) && letter(a[0]),
            // contraction: "n't", "'s", "'re", "'ve", "'ll", "'d", "'m"
            (_, '\'' | '’') => maybe_word(x) && matches!(a[0], Some('s' | 'r' | 'v' | 'l' | 'd' | 'm' | 't')),
            _ => false,
        };
        if found {
            return true;
        }
    }
    if matches!(c, '(' | '[') && a[0] == Some(' ') {
        return true; // bracket_open
    }
    let quote_open = || {
        ((letter(a[0]) && letter(a[1])) || (matches!(a[0], Some('A' | 'I')) && a[1] == Some(' ')))
            && ((latin(b1) && latin(b2)) || (b1 == Some('s') && matches!(b2, Some('\'' | '’'))))
    };
    let quote_close = || letter(a[0]) && letter(a[1]) && (maybe_word(b1) || matches!(b1, Some('.' | '!' | '?' | ',')));
    match c {
        '.' => (lower(a[0]) && lower(a[1]) && abbreviation_may_precede(s, i, max_stem)) || (sentence_may_follow(a) && sentence_may_precede(b1, b2)),
        '!' | '?' => sentence_may_follow(a) && sentence_may_precede(b1, b2),
        ':' => upper(a[0]) && lower(a[1]) && letter(b1) && letter(b2),
        ',' | ';' => {
            (lower(a[0]) && lower(a[1]))
                || (upper(a[0]) && lower(a[1]))
                || (a[0] == Some('a') && a[1] == Some(' '))
                || (c == ',' && lower(b1) && upper(a[0]) && upper(a[1]))
                || maybe_decimal(a[0])
        }
        '"' => quote_open() || quote_close(),
        '“' => quote_open(),
        '”' => quote_close(),
        '(' => latin(b1) && latin(b2) && (letter(a[0]) || maybe_decimal(a[0])),
        ')' => letter(a[0]) && lower(a[1]),
        _ => false,
    }
}

fn letter_or_dot(c: Option<char>) -> bool {
    letter(c) || c == Some('.')
}

/// `_AFTER["space_before"]` may match at byte `i`: `[,.;:!?]+(?:[\s"'”’)\]]|$)` (any
/// non-ASCII character may be a space).
fn space_before_may_follow(s: &str, i: usize) -> bool {
    let rest = s[i..].trim_start_matches([',', '.', ';', ':', '!', '?']);
    match rest.chars().next() {
        None => true,
        Some(n) => !n.is_ascii() || matches!(n, '\t'..='\r' | '\x1c'..=' ' | '"' | '\'' | ')' | ']'),
    }
}

/// `_BEFORE["abbreviation"]` may match before the dot at byte `i`:
/// `(?:^|[^\w.])(?:(?:[A-Z]\.)+[A-Z]|stem)\Z` searched from 12 characters back. The run of
/// `[A-Za-z.]` before the dot must be a stem (at most `max_stem` characters) or an initials
/// form ("U.S"), and stand at the start of the text or after a character that is no `\w`.
fn abbreviation_may_precede(s: &str, i: usize, max_stem: usize) -> bool {
    // the run, read at most 13 bytes back (longer runs cannot match: the scan stays linear)
    let lo = i.saturating_sub(13);
    let in_run = |b: &u8| b.is_ascii_alphabetic() || *b == b'.';
    let start = match s.as_bytes()[lo..i].iter().rposition(|b| !in_run(b)) {
        Some(k) => lo + k + 1,
        None if lo == 0 => 0,
        None => return false,
    };
    let (run, word) = (&s[..start], &s[start..i]);
    if word.is_empty() || word.len() > 12 || !word.ends_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    let initials = word.len() % 2 == 1 && word.bytes().enumerate().all(|(k, b)| if k % 2 == 0 { b.is_ascii_uppercase() } else { b == b'.' });
    if !(initials || word.len() <= max_stem) {
        return false;
    }
    let before = run.chars().next_back();
    (before.is_none() && i <= 12) || (word.len() <= 11 && before.is_some_and(maybe_not_word))
}

/// `_BEFORE["sentence"]`: `(?:[A-Za-z]{2}|[A-Za-z\d][closers]|\d\d)\Z` (maybe).
fn sentence_may_precede(b1: Option<char>, b2: Option<char>) -> bool {
    (letter(b1) && letter(b2)) || (closer(b1) && (letter(b2) || maybe_decimal(b2))) || (maybe_decimal(b1) && maybe_decimal(b2))
}

/// The sites of the punctuation-spacing pass (code-point offsets, increasing), or None.
#[pyfunction]
fn punct_sites(text: &Bound<'_, PyString>, max_stem: usize) -> Option<Vec<usize>> {
    let s = text.to_str().ok()?;
    Some(sites(s, max_stem))
}

fn sites(s: &str, max_stem: usize) -> Vec<usize> {
    let bytes = s.as_bytes();
    let mut found = Vec::new();
    let (mut counted, mut cp) = (0usize, 0usize); // cp: the code points in s[..counted]
    let mut i = 0;
    while let Some(k) = bytes[i..].iter().position(|&b| ANCHOR_BYTE[b as usize]) {
        i += k;
        let byte = bytes[i];
        let c = if byte < 0x80 { byte as char } else { s[i..].chars().next().unwrap_or('\0') };
        // the common cases, where anchor_may_match says no without reading further: not
        // after a space, a mark that only a space before it makes an anchor ("well-known",
        // "don't", "[1]"), or one of ",.;:!?)\"”" before a space or a line break
        let after_space = i > 0 && bytes[i - 1] == b' ';
        let after_n_space = i > 1 && bytes[i - 1] == b'n' && bytes[i - 2] == b' ';
        if !after_space
            && (matches!(c, '-' | ']') || (matches!(c, '\'' | '\u{2019}') && !after_n_space)
                || (matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | '"' | '\u{201d}') && matches!(bytes.get(i + c.len_utf8()), Some(b' ' | b'\n'))))
        {
            i += 1;
            continue;
        }
        if is_anchor(c) {
            let mut back = s[..i].chars().rev();
            let (b1, b2) = (back.next(), back.next());
            let mut a = [None; 8];
            for (slot, x) in a.iter_mut().zip(s[i + c.len_utf8()..].chars()) {
                *slot = Some(x);
            }
            if anchor_may_match(c, b1, b2, &a) && candidates_may_exist(s, i, c, b1, b2, &a, max_stem) {
                cp += s[counted..i].chars().count();
                counted = i;
                found.push(cp);
            }
        }
        i += 1;
    }
    found
}
