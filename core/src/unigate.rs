//! The unicode pass's gate (passes/unicode.py, UnicodePass._gate and the first search of
//! _edits) in one scan: where the first line ftfy may change starts, or that there is none.
//!
//! The reference asks `unicodedata.is_normalized` (is the text in NFC? if not, every
//! non-ASCII character sends its line to ftfy) and then searches its gate pattern: an HTML
//! entity, a control character or ligature (its "singles"), or a character pair that
//! misdecoded UTF-8 makes (a lead character before a follow character, or before a space, or
//! before a space and a follow character). The character sets are the reference's own
//! (_gate_chars, loaded once per process by load_unicode_gate). Normalization: where the
//! quick check of the unicode-normalization crate says Yes, Python's says Yes too (its
//! Unicode version is newer than Python's; the combining classes and quick-check values of
//! characters assigned in both never change, and a character Python does not know is a
//! starter with quick check Yes there, so the crate can only be stricter); elsewhere this
//! returns None and the reference decides. A text UTF-8 cannot hold (a lone surrogate): None.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::sync::OnceLock;
use unicode_normalization::{is_nfc_quick, IsNormalized};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(load_unicode_gate, m)?)?;
    m.add_function(wrap_pyfunction!(unicode_gate_loaded, m)?)?;
    m.add_function(wrap_pyfunction!(unicode_gate, m)?)?;
    m.add_function(wrap_pyfunction!(load_mojibake_gate, m)?)?;
    m.add_function(wrap_pyfunction!(mojibake_gate, m)?)?;
    Ok(())
}

const LEAD: u8 = 1;
const FOLLOW: u8 = 2;
const BEFORE_SPACE: u8 = 4;
const BEFORE_SPACE_FOLLOW: u8 = 8;
const SINGLE: u8 = 16;
const SIZE: usize = 0x10000;

/// One byte of flags per BMP code point (no set holds a character above U+FFFF).
static SETS: OnceLock<Vec<u8>> = OnceLock::new();

/// Load the gate's character sets (unicode.py _gate_chars): leads, follows, before_space,
/// before_space_then_follow, singles. The first load stays.
#[pyfunction]
fn load_unicode_gate(leads: &str, follows: &str, before_space: &str, before_space_then_follow: &str, singles: &str) -> PyResult<()> {
    let mut flags = vec![0u8; SIZE];
    for (chars, flag) in [(leads, LEAD), (follows, FOLLOW), (before_space, BEFORE_SPACE), (before_space_then_follow, BEFORE_SPACE_FOLLOW), (singles, SINGLE)] {
        for c in chars.chars() {
            let slot = flags.get_mut(c as usize).ok_or_else(|| PyValueError::new_err("a gate character above U+FFFF"))?;
            *slot |= flag;
        }
    }
    let _ = SETS.set(flags);
    Ok(())
}

#[pyfunction]
fn unicode_gate_loaded() -> bool {
    SETS.get().is_some()
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// 0x80 in each byte of `word` that equals `b`, 0 elsewhere (no carry crosses bytes).
#[inline]
fn byte_eq(word: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = word ^ (0x0101_0101_0101_0101 * b as u64);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

#[inline]
fn flags(sets: &[u8], c: Option<char>) -> u8 {
    c.and_then(|c| sets.get(c as usize).copied()).unwrap_or(0)
}

/// `&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?` matches after "&"
/// (its shortest forms are what decide).
fn entity_follows(after: &[u8]) -> bool {
    let at = |k: usize| after.get(k).copied().unwrap_or(0);
    (at(0) == b'#' && (at(1).is_ascii_digit() || (matches!(at(1), b'x' | b'X') && at(2).is_ascii_hexdigit())))
        || (at(0).is_ascii_alphabetic() && at(1).is_ascii_alphanumeric())
}

/// The code-point offset where the reference's gate pattern (the ASCII one for an ASCII
/// text, else unicode.py's text_gate) first matches, -1 if nowhere; None where the reference
/// must decide (the sets not loaded; with `nfc`, a text the quick check does not call NFC).
#[pyfunction]
fn unicode_gate(text: &Bound<'_, PyString>, nfc: bool) -> Option<i64> {
    let sets = SETS.get()?;
    let s = text.to_str().ok()?;
    let bytes = s.as_bytes();
    if nfc && !s.is_ascii() && is_nfc_quick(s.chars()) != IsNormalized::Yes {
        return None;
    }
    let mut cp: i64 = 0;
    let mut i = 0;
    while i < bytes.len() {
        // eight ASCII bytes at a time, up to one that is "&", DEL or a control character
        // other than a tab or a line break (in ASCII only those start a match)
        if i + 8 <= bytes.len() {
            let word = u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap());
            if word & HIGH == 0 {
                let below_space = !((word | HIGH) - 0x2020_2020_2020_2020) & HIGH; // exact for ASCII bytes
                let control = below_space & !(byte_eq(word, b'\t') | byte_eq(word, b'\n') | byte_eq(word, b'\r'));
                if control | byte_eq(word, b'&') | byte_eq(word, 0x7f) == 0 {
                    i += 8;
                    cp += 8;
                    continue;
                }
            }
        }
        let b = bytes[i];
        let (c, width) = if b < 0x80 {
            if sets[b as usize] == 0 && b != b'&' {
                i += 1; // the common case: a character no match starts with
                cp += 1;
                continue;
            }
            (b as char, 1)
        } else {
            let c = s[i..].chars().next().unwrap_or('\0');
            (c, c.len_utf8())
        };
        if c == '&' && entity_follows(&bytes[i + 1..]) {
            return Some(cp);
        }
        let f = flags(sets, Some(c));
        if f != 0 {
            let mut rest = s[i + width..].chars();
            let (n1, n2) = (rest.next(), rest.next());
            if f & SINGLE != 0
                || (f & LEAD != 0 && flags(sets, n1) & FOLLOW != 0)
                || (f & BEFORE_SPACE != 0 && n1 == Some(' '))
                || (f & BEFORE_SPACE_FOLLOW != 0 && n1 == Some(' ') && flags(sets, n2) & FOLLOW != 0)
            {
                return Some(cp);
            }
        }
        i += width;
        cp += 1;
    }
    Some(-1)
}

/// mojibake.py's gate: (lead, follow) flags per BMP code point.
static MOJIBAKE: OnceLock<Vec<u8>> = OnceLock::new();

/// Load mojibake.py's gate (the characters of its two classes). The first load stays.
#[pyfunction]
fn load_mojibake_gate(leads: &str, follows: &str) -> PyResult<()> {
    let mut flags = vec![0u8; SIZE];
    for (chars, flag) in [(leads, LEAD), (follows, FOLLOW)] {
        for c in chars.chars() {
            let slot = flags.get_mut(c as usize).ok_or_else(|| PyValueError::new_err("a gate character above U+FFFF"))?;
            *slot |= flag;
        }
    }
    let _ = MOJIBAKE.set(flags);
    Ok(())
}

/// Whether mojibake.py's gate (a lead character followed by a follow character) matches
/// somewhere in the text; None where the reference must decide (not loaded, a lone surrogate).
#[pyfunction]
fn mojibake_gate(text: &Bound<'_, PyString>) -> Option<bool> {
    let sets = MOJIBAKE.get()?;
    let s = text.to_str().ok()?;
    let mut previous = 0u8;
    for c in s.chars() {
        let f = flags(sets, Some(c));
        if previous & LEAD != 0 && f & FOLLOW != 0 {
            return Some(true);
        }
        previous = f;
    }
    Some(false)
}
