//! Python's own Unicode character classes, loaded from the running interpreter.
//!
//! Rust's `char` classes are not Python's (`char::is_alphabetic` is Unicode's Alphabetic
//! property, `str.isalpha` is the letter categories; the Unicode versions differ too), so
//! the line scans read Python's: `load_unicode_table` receives, once per process, Python's
//! answers for every code point of the Basic Multilingual Plane (str.isalpha, isupper,
//! isdigit, isdecimal, isalnum, isspace, and str.lower/upper/casefold where they change the
//! character). A character outside the table (above U+FFFF) is "not handled": the caller
//! leaves that line to the Python reference.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

pub type Flags = u16;

pub const ALPHA: Flags = 1;
pub const UPPER: Flags = 2;
pub const DIGIT: Flags = 4;
/// `re`'s `\w` but `_` (str.isalnum).
pub const ALNUM: Flags = 8;
pub const SPACE: Flags = 16;
/// `re`'s `\d` (str.isdecimal).
pub const DECIMAL: Flags = 32;
/// A non-ASCII character whose lower, upper or case-folded form holds an ASCII character
/// ("K" Kelvin sign, "ſ", "İ", "ß"): under IGNORECASE it may match an ASCII letter, so the
/// pattern scans leave a line that holds one to the reference.
pub const FOLDS_TO_ASCII: Flags = 64;
/// "Σ": str.lower() lowers it by its context (final sigma), not character by character.
pub const CONTEXT_LOWER: Flags = 128;
/// A non-ASCII character that str.lower, upper or casefold changes (ASCII letters fold
/// alike in `re` and in the regex crate).
pub const CASED: Flags = 256;
/// The regex crate's `\s`, `\w` and `\d` say of it what `re`'s say.
pub const REGEX_AGREES: Flags = 512;

pub const SIZE: usize = 0x10000;

pub struct Table {
    flags: Vec<Flags>,
    lower: HashMap<char, String>,
}

static TABLE: OnceLock<Table> = OnceLock::new();

pub fn table() -> Option<&'static Table> {
    TABLE.get()
}

impl Table {
    /// The flags of a character, or None outside the table.
    #[inline]
    pub fn flags(&self, c: char) -> Option<Flags> {
        self.flags.get(c as usize).copied()
    }

    /// Append Python's `c.lower()` (the caller has checked CONTEXT_LOWER).
    #[inline]
    pub fn push_lower(&self, c: char, out: &mut String) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            match self.lower.get(&c) {
                Some(s) => out.push_str(s),
                None => out.push(c),
            }
        }
    }
}

fn to_char(code: u32) -> PyResult<char> {
    char::from_u32(code).ok_or_else(|| PyValueError::new_err(format!("not a character: {code}")))
}

/// Load Python's character classes (one byte per BMP code point each, 0 or 1), case
/// mappings (code point -> the changed form) and the `regex` module's `\s`, `\w`, `\d`
/// (bytes as the classes). The first load stays; later ones are ignored.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub fn load_unicode_table(
    alpha: &[u8],
    upper: &[u8],
    digit: &[u8],
    decimal: &[u8],
    alnum: &[u8],
    space: &[u8],
    lower_map: HashMap<u32, String>,
    upper_map: HashMap<u32, String>,
    fold_map: HashMap<u32, String>,
    regex_classes: (Vec<u8>, Vec<u8>, Vec<u8>),
) -> PyResult<()> {
    if TABLE.get().is_some() {
        return Ok(());
    }
    let (regex_space, regex_word, regex_decimal) = &regex_classes;
    for part in [alpha, upper, digit, decimal, alnum, space, regex_space, regex_word, regex_decimal] {
        if part.len() != SIZE {
            return Err(PyValueError::new_err("each class table needs one byte per BMP code point"));
        }
    }
    let mut flags: Vec<Flags> = vec![0; SIZE];
    for (i, f) in flags.iter_mut().enumerate() {
        let bit = |table: &[u8], flag: Flags| if table[i] != 0 { flag } else { 0 };
        *f = bit(alpha, ALPHA) | bit(upper, UPPER) | bit(digit, DIGIT) | bit(decimal, DECIMAL) | bit(alnum, ALNUM) | bit(space, SPACE);
    }
    let mut lower = HashMap::with_capacity(lower_map.len());
    for (code, form) in &lower_map {
        let c = to_char(*code)?;
        if form.chars().any(|x| x as usize >= SIZE) {
            return Err(PyValueError::new_err("a lowercase form outside the BMP"));
        }
        lower.insert(c, form.clone());
    }
    for map in [&lower_map, &upper_map, &fold_map] {
        for (code, form) in map {
            if *code >= 0x80 && (*code as usize) < SIZE && form.chars().any(|x| x.is_ascii()) {
                flags[*code as usize] |= FOLDS_TO_ASCII;
            }
        }
    }
    for map in [&lower_map, &upper_map, &fold_map] {
        for code in map.keys() {
            if *code >= 0x80 && (*code as usize) < SIZE {
                flags[*code as usize] |= CASED;
            }
        }
    }
    flags[0x3A3] |= CONTEXT_LOWER;
    let mut module = vec![0 as Flags; SIZE];
    for (table, flag) in [(regex_space, SPACE), (regex_word, ALNUM), (regex_decimal, DECIMAL)] {
        for (code, f) in module.iter_mut().enumerate() {
            if table[code] != 0 {
                *f |= flag;
            }
        }
    }
    mark_regex_agreement(&mut flags, &module);
    let _ = TABLE.set(Table { flags, lower });
    Ok(())
}

/// Set REGEX_AGREES where the regex crate's `\s`, `\w`, `\d` classify a character as `re`
/// does (str.isspace; str.isalnum or "_"; str.isdecimal) and as the `regex` module does
/// (`module`: the reference runs a rule's patterns on both): they differ on "\x1c"-"\x1f"
/// (spaces for `re`), on combining marks and "²" (word characters for one side only) and
/// where their Unicode versions differ. The crate's classes are read from regex-syntax.
fn mark_regex_agreement(flags: &mut [Flags], module: &[Flags]) {
    let mut classes = vec![0 as Flags; SIZE];
    for (pattern, flag) in [(r"\s", SPACE), (r"\w", ALNUM), (r"\d", DECIMAL)] {
        let hir = regex_syntax::parse(pattern).expect("a class");
        let regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class)) = hir.kind() else {
            unreachable!("a Unicode class")
        };
        for range in class.iter() {
            let (start, end) = (range.start() as usize, (range.end() as usize).min(SIZE - 1));
            if start <= end {
                for class in &mut classes[start..=end] {
                    *class |= flag;
                }
            }
        }
    }
    for (code, f) in flags.iter_mut().enumerate() {
        let python = (*f & (SPACE | ALNUM | DECIMAL)) | if code == '_' as usize { ALNUM } else { 0 };
        if classes[code] == python && module[code] == python {
            *f |= REGEX_AGREES;
        }
    }
}
