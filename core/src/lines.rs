//! The whole-line passes' hot scans: the boilerplate scorer's line features and trees, the
//! boilerplate rules' hits and trailing phrases, duplicate-lines' compared forms, and the
//! whitespace pass's scan (lines/whitespace.rs).
//!
//! Each function is a drop-in for a Python function that stays the reference (named in its
//! doc comment) and returns the same values, or None where it does not handle the input
//! exactly (a character above U+FFFF, a "Σ", a character that case-folds to ASCII next to a
//! pattern, a line the rule patterns would read under different `\s`): the caller then runs
//! the reference for that line or document. Character classes and case mappings are
//! Python's own (lines/pyuni.rs). tests/test_core_lines.py holds them to the reference.

use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyString, PyTuple};
use aho_corasick::AhoCorasick;
use regex::bytes::Regex as BytesRegex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::collections::{HashMap, HashSet};

pub(crate) mod pyuni;
mod whitespace;
use pyuni::{table, Table, ALNUM, ALPHA, CASED, CONTEXT_LOWER, DECIMAL, DIGIT, FOLDS_TO_ASCII, REGEX_AGREES, SPACE, UPPER};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(pyuni::load_unicode_table, m)?)?;
    whitespace::register(m)?;
    m.add_function(wrap_pyfunction!(unicode_table_loaded, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_line, m)?)?;
    m.add_function(wrap_pyfunction!(compact_lines, m)?)?;
    m.add_function(wrap_pyfunction!(may_repeat, m)?)?;
    m.add_class::<LineScanner>()?;
    m.add_class::<LineModel>()?;
    m.add_class::<RuleScanner>()?;
    m.add_class::<TrailingScanner>()?;
    Ok(())
}

#[pyfunction]
fn unicode_table_loaded() -> bool {
    table().is_some()
}

/// The text of a Python string, or None for one that UTF-8 cannot hold (a lone surrogate):
/// such a text is left to the reference.
fn text_of<'a>(s: &'a Bound<'_, PyString>) -> Option<&'a str> {
    s.to_str().ok()
}

fn need_table() -> PyResult<&'static Table> {
    table().ok_or_else(|| PyValueError::new_err("textfix_core: load_unicode_table() first"))
}

// -- shared: Python's lower(), split(), strip() ------------------------------------------

/// The byte start, byte end and length in code points of each word of a lowered line.
type Words = Vec<(usize, usize, usize)>;

/// `line.lower()` and the byte spans and lengths (code points) of its `\w+` runs, or None
/// when a character is outside the table or lowers by context.
fn lower_words(t: &Table, line: &str) -> Option<(String, Words)> {
    let mut lower = String::with_capacity(line.len());
    for c in line.chars() {
        if t.flags(c)? & CONTEXT_LOWER != 0 {
            return None;
        }
        t.push_lower(c, &mut lower);
    }
    let mut words = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte start, chars so far)
    for (at, c) in lower.char_indices() {
        let word = c == '_' || t.flags(c)? & ALNUM != 0;
        match (word, start.as_mut()) {
            (true, Some((_, count))) => *count += 1,
            (true, None) => start = Some((at, 1)),
            (false, Some(&mut (s, count))) => {
                words.push((s, at, count));
                start = None;
            }
            (false, None) => {}
        }
    }
    if let Some((s, count)) = start {
        words.push((s, lower.len(), count));
    }
    Some((lower, words))
}

fn is_space(t: &Table, c: char) -> bool {
    t.flags(c).is_some_and(|f| f & SPACE != 0)
}

/// Python's `line.strip()`.
fn py_strip<'a>(t: &Table, line: &'a str) -> &'a str {
    line.trim_matches(|c| is_space(t, c))
}

/// `normalize` of passes/lines.py: lowercase, every run of non-word characters one space,
/// stripped; None where not handled.
fn normalize(t: &Table, line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut gap = false;
    let mut low = String::new();
    let push = |l: char, out: &mut String, gap: &mut bool| -> Option<()> {
        if t.flags(l)? & ALNUM != 0 {
            if *gap && !out.is_empty() {
                out.push(' ');
            }
            *gap = false;
            out.push(l);
        } else {
            *gap = true;
        }
        Some(())
    };
    if line.is_ascii() {
        for b in line.bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(b.to_ascii_lowercase() as char);
            } else {
                gap = true;
            }
        }
        return Some(out);
    }
    for c in line.chars() {
        if c.is_ascii() {
            push(c.to_ascii_lowercase(), &mut out, &mut gap)?;
            continue;
        }
        if t.flags(c)? & CONTEXT_LOWER != 0 {
            return None;
        }
        low.clear();
        t.push_lower(c, &mut low);
        for l in low.chars() {
            push(l, &mut out, &mut gap)?;
        }
    }
    Some(out)
}

/// passes/lines.py `normalize` (None: not handled here).
#[pyfunction]
fn normalize_line(line: &Bound<'_, PyString>) -> PyResult<Option<String>> {
    let t = need_table()?;
    Ok(text_of(line).and_then(|line| normalize(t, line)))
}

/// duplicates.py `compact`: lowercase letters and digits only; None where not handled.
pub(crate) fn compact(t: &Table, line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut low = String::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // an ASCII character: str.isalnum is [A-Za-z0-9] there
            if b.is_ascii_alphanumeric() {
                out.push(b.to_ascii_lowercase() as char);
            }
            i += 1;
            continue;
        }
        let c = line[i..].chars().next()?;
        i += c.len_utf8();
        let f = t.flags(c)?;
        if f & CONTEXT_LOWER != 0 {
            return None;
        }
        low.clear();
        t.push_lower(c, &mut low);
        for l in low.chars() {
            if t.flags(l)? & ALNUM != 0 {
                out.push(l);
            }
        }
    }
    Some(out)
}

/// duplicates.py `compact` of each line, or None if any line is not handled.
#[pyfunction]
fn compact_lines(lines: Vec<Bound<'_, PyString>>) -> PyResult<Option<Vec<String>>> {
    let t = need_table()?;
    let mut out = Vec::with_capacity(lines.len());
    for line in &lines {
        match text_of(line).and_then(|line| compact(t, line)) {
            Some(form) => out.push(form),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

/// duplicates.py `_may_repeat`: whether two lines may have the same non-empty compared
/// form (its ASCII and non-ASCII ways, as there); None where not handled.
#[pyfunction]
fn may_repeat(text: &Bound<'_, PyString>) -> PyResult<Option<bool>> {
    let t = need_table()?;
    let Some(text) = text_of(text) else { return Ok(None) };
    Ok(may_repeat_in(t, text))
}

/// `may_repeat` of a text UTF-8 holds.
pub(crate) fn may_repeat_in(t: &Table, text: &str) -> Option<bool> {
    if text.is_ascii() {
        // every line's form in one buffer, then the forms as slices of it
        let mut forms: Vec<u8> = Vec::with_capacity(text.len());
        let mut ends = Vec::new();
        for &b in text.as_bytes() {
            if b == b'\n' {
                ends.push(forms.len());
            } else if b.is_ascii_alphanumeric() {
                forms.push(b.to_ascii_lowercase());
            }
        }
        ends.push(forms.len());
        let mut seen: HashSet<&[u8]> = HashSet::with_capacity(ends.len());
        let mut start = 0;
        for &end in &ends {
            if end > start && !seen.insert(&forms[start..end]) {
                return Some(true);
            }
            start = end;
        }
        return Some(false);
    }
    let mut seen: HashSet<String> = HashSet::new();
    for line in text.split('\n') {
        if line.is_empty() || line.chars().all(|c| is_space(t, c)) {
            continue;
        }
        let head = compact(t, first_chars(line, 60))?;
        let key = if head.chars().count() > 30 {
            first_chars(&head, 30).to_string()
        } else {
            match compact(t, line) {
                Some(full) => first_chars(&full, 30).to_string(),
                None => return None,
            }
        };
        if !seen.insert(key) {
            return Some(true);
        }
    }
    Some(false)
}

// -- the boilerplate scorer's features (line_scorer.py) ---------------------------------------

const SENTENCE_END: [char; 9] = ['.', '!', '?', '"', '”', '’', '\'', ')', '…'];
const BULLETS: &str = "•·*-–—|>»›◦▪►✓";
const NEIGHBOUR_PREFIX: usize = 120;
const SHORT: usize = 40;
const PARAGRAPH: usize = 120;
const N_LINE: usize = 16;
pub(crate) const N_FEATURES: usize = 35;

fn ends_sentence(line: &str) -> bool {
    line.chars().next_back().is_some_and(|c| SENTENCE_END.contains(&c))
}

/// One of line_scorer's search patterns (`re` syntax), for the text `features` reads: ASCII as
/// it is, every other character as an ASCII stand-in of its class (so `\w`, `\d`, `\b` and
/// IGNORECASE work on ASCII, as `re` reads the original).
/// A source naming a space class, a negated class, a stand-in ("_", "0") or a non-ASCII
/// character could read the stand-ins otherwise than `re` reads the originals: refused.
fn ascii_pattern(source: &str, ignore_case: bool) -> PyResult<BytesRegex> {
    let unsafe_parts = ["\\s", "\\S", "[^", "_", "0", "\\x", "\\u", "\\U", "\\N"];
    if !source.is_ascii() || unsafe_parts.iter().any(|part| source.contains(part)) {
        return Err(PyValueError::new_err(format!("the core does not read the pattern {source:?} as `re` does")));
    }
    let flags = if ignore_case { "(?i-u)" } else { "(?-u)" };
    BytesRegex::new(&format!("{flags}{source}")).map_err(|e| PyValueError::new_err(format!("a pattern the regex crate cannot compile: {e}")))
}

/// The one `_HANDLE` pattern `has_handle` implements.
const HANDLE: &str = r"(?<!\w)[@#]\w";

fn is_word(t: &Table, c: char) -> bool {
    c == '_' || t.flags(c).is_some_and(|f| f & ALNUM != 0)
}

/// line_scorer's `_HANDLE` (`(?<!\w)[@#]\w`), by hand: the regex crate has no look-behind.
fn has_handle(t: &Table, line: &str) -> bool {
    let mut prev_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if (c == '@' || c == '#') && !prev_word && chars.peek().is_some_and(|&n| is_word(t, n)) {
            return true;
        }
        prev_word = is_word(t, c);
    }
    false
}

/// A fast hash for the fixed word sets the line scans look words up in (FxHash's mixing;
/// the sets are the rules' own, so no document can crowd a bucket of them).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap()));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(b as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type Fx = std::hash::BuildHasherDefault<FxHasher>;

/// The scored lines and their feature vectors.
type Rows = (Vec<usize>, Vec<[f64; N_FEATURES]>);

#[pyclass(frozen, module = "textfix_core")]
pub struct LineScanner {
    stopwords: HashSet<String, Fx>,
    link_words: HashSet<String, Fx>,
    url: BytesRegex,
    date: BytesRegex,
}

/// A line's four values that its neighbours read, or a request for the reference.
enum Got<T> {
    Value(T),
    Reference,
}

impl LineScanner {
    /// `LineFeatures._features`; None where not handled (the reference runs).
    fn features(&self, t: &Table, line: &str) -> Option<[f64; N_LINE]> {
        let first = line.chars().next()?; // an empty line: the reference raises
        let (lower, words) = lower_words(t, line)?;
        let (mut chars, mut letters, mut upper, mut digits, mut pipes) = (0usize, 0usize, 0usize, 0usize, 0usize);
        let (mut raw_words, mut capitalized, mut in_word) = (0usize, 0usize, false);
        let (mut dot_or_slash, mut at_or_hash, mut copyright, mut folds) = (false, false, false, false);
        let mut mapped: Vec<u8> = Vec::with_capacity(line.len());
        for c in line.chars() {
            let f = t.flags(c)?;
            chars += 1;
            letters += (f & ALPHA != 0) as usize;
            upper += (f & UPPER != 0) as usize;
            digits += (f & DIGIT != 0) as usize;
            if f & SPACE != 0 {
                in_word = false;
            } else if !in_word {
                in_word = true;
                raw_words += 1;
                capitalized += (f & UPPER != 0) as usize;
            }
            match c {
                '|' => pipes += 1,
                '.' | '/' => dot_or_slash = true,
                '@' | '#' => at_or_hash = true,
                '©' => copyright = true,
                _ => {}
            }
            // the text the URL and date patterns read: ASCII as it is, any other character
            // as an ASCII stand-in of its class for `re` (\d, \w, neither)
            if c.is_ascii() {
                mapped.push(c as u8);
            } else {
                folds |= f & FOLDS_TO_ASCII != 0;
                mapped.push(if f & DECIMAL != 0 {
                    b'0'
                } else if f & ALNUM != 0 {
                    b'_'
                } else {
                    1
                });
            }
        }
        let url = dot_or_slash && {
            if folds {
                return None;
            }
            self.url.is_match(&mapped)
        };
        let date = digits > 0 && {
            if folds {
                return None;
            }
            self.date.is_match(&mapped)
        };
        let handle = at_or_hash && has_handle(t, line);
        let n = if words.is_empty() { 1 } else { words.len() } as f64;
        let (mut stop, mut link, mut total) = (0usize, 0usize, 0usize);
        for &(s, e, count) in &words {
            let w = &lower[s..e];
            stop += self.stopwords.contains(w) as usize;
            link += self.link_words.contains(w) as usize;
            total += count;
        }
        copyright = copyright || lower.contains("(c)") || lower.contains("copyright");
        Some([
            chars as f64,
            words.len() as f64,
            ends_sentence(line) as u8 as f64,
            line.ends_with(':') as u8 as f64,
            stop as f64 / n,
            if letters > 0 { upper as f64 / letters as f64 } else { 0.0 },
            capitalized as f64 / (if raw_words == 0 { 1 } else { raw_words }) as f64,
            digits as f64 / chars as f64,
            BULLETS.contains(first) as u8 as f64,
            url as u8 as f64,
            handle as u8 as f64,
            link as f64,
            date as u8 as f64,
            pipes as f64,
            copyright as u8 as f64,
            total as f64 / n,
        ])
    }

    /// `LineFeatures._neighbour`.
    fn neighbour(&self, t: &Table, line: &str, chars: usize) -> Got<[f64; 4]> {
        let end = ends_sentence(line) as u8 as f64;
        if chars >= NEIGHBOUR_PREFIX {
            return Got::Value([chars as f64, end, -1.0, -1.0]);
        }
        let Some((lower, words)) = lower_words(t, line) else { return Got::Reference };
        let n = if words.is_empty() { 1 } else { words.len() } as f64;
        let stop = words.iter().filter(|&&(s, e, _)| self.stopwords.contains(&lower[s..e])).count();
        let link = words.iter().filter(|&&(s, e, _)| self.link_words.contains(&lower[s..e])).count();
        Got::Value([chars as f64, end, stop as f64 / n, link as f64])
    }

    /// `line_scorer.document_features`: the rows of lines `only`, in that order.
    /// `reference(kind, line)` runs the reference for a line not handled here: kind 0 its
    /// features, 1 what its neighbours read, 2 its title likeness.
    fn rows(
        &self,
        lines: &[Bound<'_, PyString>],
        only: Option<Vec<usize>>,
        title_words: Option<HashSet<String>>,
        reference: &Bound<'_, PyAny>,
    ) -> PyResult<Option<Rows>> {
        let t = need_table()?;
        let Some(text) = lines.iter().map(text_of).collect::<Option<Vec<&str>>>() else { return Ok(None) };
        let n = text.len();
        let scored: Vec<usize> = only.unwrap_or_else(|| (0..n).collect());
        if let Some(&bad) = scored.iter().find(|&&i| i >= n) {
            return Err(PyIndexError::new_err(format!("line {bad} of {n}")));
        }
        let lens: Vec<usize> = text.iter().map(|s| s.chars().count()).collect();
        let mut ask = |kind: u8, i: usize| -> PyResult<Option<Vec<f64>>> {
            let got = reference.call1((kind, &lines[i]))?;
            Ok(Some(if kind == 2 { vec![got.extract()?] } else { got.extract()? }))
        };
        self.rows_in(t, &text, &lens, scored, title_words.as_ref(), &mut ask)
    }

    /// `rows` on lines as text, `lens` their lengths in code points; `reference(kind, i)`
    /// answers for line i where the core does not (None: give up, the result is None).
    pub(crate) fn rows_in(
        &self,
        t: &Table,
        text: &[&str],
        lens: &[usize],
        scored: Vec<usize>,
        title_words: Option<&HashSet<String>>,
        reference: &mut dyn FnMut(u8, usize) -> PyResult<Option<Vec<f64>>>,
    ) -> PyResult<Option<Rows>> {
        let n = text.len();
        let ends: Vec<bool> = text.iter().map(|s| ends_sentence(s)).collect();
        let short: Vec<bool> = (0..n).map(|i| lens[i] < SHORT && !ends[i]).collect();
        let paragraphs: Vec<usize> = (0..n).filter(|&i| lens[i] >= PARAGRAPH && ends[i]).collect();
        let first_par = paragraphs.first().copied().unwrap_or(n) as i64;
        let last_par = paragraphs.last().map_or(-1, |&p| p as i64);
        // how often each scored line stands in the document (only lines of a scored line's
        // length are looked up: most lines are paragraphs no scored line equals)
        let mut counts: HashMap<&str, usize> = scored.iter().map(|&i| (text[i], 0)).collect();
        let lengths: HashSet<usize> = scored.iter().map(|&i| text[i].len()).collect();
        for s in text {
            if lengths.contains(&s.len()) {
                if let Some(count) = counts.get_mut(s) {
                    *count += 1;
                }
            }
        }
        let short_share = if n > 0 { short.iter().filter(|&&s| s).count() as f64 / n as f64 } else { 0.0 };
        let run = runs(&short);
        let mut mine: Vec<Option<[f64; N_LINE]>> = vec![None; n];
        for &i in &scored {
            if mine[i].is_none() {
                mine[i] = Some(match self.features(t, text[i]) {
                    Some(x) => x,
                    None => {
                        let Some(got) = reference(0, i)? else { return Ok(None) };
                        got.try_into().map_err(|_| PyValueError::new_err("the reference gave the wrong number of features"))?
                    }
                });
            }
        }
        let mut near: Vec<Option<[f64; 4]>> = vec![None; n];
        for &i in &scored {
            for j in [i.wrapping_sub(1), i + 1] {
                if j >= n || near[j].is_some() {
                    continue;
                }
                near[j] = Some(match (&mine[j], lens[j] < NEIGHBOUR_PREFIX) {
                    (Some(g), true) => [g[0], g[2], g[4], g[11]],
                    _ => match self.neighbour(t, text[j], lens[j]) {
                        Got::Value(v) => v,
                        Got::Reference => {
                            let Some(got) = reference(1, j)? else { return Ok(None) };
                            got.try_into().map_err(|_| PyValueError::new_err("the reference gave the wrong number of values"))?
                        }
                    },
                });
            }
        }
        let blank = [0.0; 4];
        let mut rows = Vec::with_capacity(scored.len());
        for &i in &scored {
            let k = paragraphs.partition_point(|&p| p < i);
            let above = if k > 0 { (i - paragraphs[k - 1]).min(50) as f64 } else { 50.0 };
            let k2 = if k < paragraphs.len() && paragraphs[k] == i { k + 1 } else { k };
            let below = if k2 < paragraphs.len() { (paragraphs[k2] - i).min(50) as f64 } else { 50.0 };
            let likeness = match title_words {
                None => -1.0,
                Some(title) => match lower_words(t, text[i]) {
                    Some((_, words)) if words.is_empty() => 0.0,
                    Some((lower, words)) => {
                        words.iter().filter(|&&(s, e, _)| title.contains(&lower[s..e])).count() as f64 / words.len() as f64
                    }
                    None => match reference(2, i)? {
                        Some(got) if got.len() == 1 => got[0],
                        Some(_) => return Err(PyValueError::new_err("the reference gave the wrong number of values")),
                        None => return Ok(None),
                    },
                },
            };
            let ii = i as i64;
            let mut row = [0.0f64; N_FEATURES];
            row[..N_LINE].copy_from_slice(mine[i].as_ref().unwrap());
            let context = [
                i.min(50) as f64,
                (n - 1 - i).min(50) as f64,
                i as f64 / n as f64,
                run[i] as f64,
                counts[text[i]] as f64,
                likeness,
                if ii < first_par { (first_par - ii).min(50) as f64 } else { 0.0 },
                if ii > last_par { (ii - last_par).min(50) as f64 } else { 0.0 },
                short_share,
                above,
                below,
            ];
            row[N_LINE..N_LINE + 11].copy_from_slice(&context);
            let before = if i > 0 { near[i - 1].unwrap() } else { blank };
            let after = if i + 1 < n { near[i + 1].unwrap() } else { blank };
            row[N_LINE + 11..N_LINE + 15].copy_from_slice(&before);
            row[N_LINE + 15..].copy_from_slice(&after);
            rows.push(row);
        }
        Ok(Some((scored, rows)))
    }
}

/// line_scorer `_runs`: the length of the run of short lines through each line.
fn runs(short: &[bool]) -> Vec<usize> {
    let n = short.len();
    let mut run = vec![0; n];
    let mut i = 0;
    while i < n {
        if short[i] {
            let mut j = i;
            while j + 1 < n && short[j + 1] {
                j += 1;
            }
            for r in &mut run[i..=j] {
                *r = j - i + 1;
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    run
}

#[pymethods]
impl LineScanner {
    /// The words, and line_scorer's patterns as (source, ignores case): `_URL`, `_DATE`, and
    /// `_HANDLE`, which must be the look-behind pattern implemented here by hand.
    #[new]
    fn new(stopwords: HashSet<String>, link_words: HashSet<String>, url: (String, bool), date: (String, bool), handle: (String, bool)) -> PyResult<Self> {
        if handle.0 != HANDLE {
            return Err(PyValueError::new_err(format!("the core implements the handle pattern {HANDLE:?} only")));
        }
        let (stopwords, link_words) = (stopwords.into_iter().collect(), link_words.into_iter().collect());
        Ok(LineScanner { stopwords, link_words, url: ascii_pattern(&url.0, url.1)?, date: ascii_pattern(&date.0, date.1)? })
    }

    /// `LineFeatures._features(line)`, or None where not handled.
    fn line_features(&self, line: &Bound<'_, PyString>) -> PyResult<Option<Vec<f64>>> {
        let t = need_table()?;
        Ok(text_of(line).and_then(|line| self.features(t, line)).map(|x| x.to_vec()))
    }

    /// `LineFeatures._neighbour(line)`, or None where not handled.
    fn neighbour_values(&self, line: &Bound<'_, PyString>) -> PyResult<Option<Vec<f64>>> {
        let t = need_table()?;
        let Some(line) = text_of(line) else { return Ok(None) };
        Ok(match self.neighbour(t, line, line.chars().count()) {
            Got::Value(v) => Some(v.to_vec()),
            Got::Reference => None,
        })
    }

    /// `line_scorer.document_features(lines, features, title, only)`, with the title's
    /// words (None: no title) and the reference for the lines not handled here.
    #[pyo3(signature = (lines, only, title_words, reference))]
    fn document_features<'py>(
        &self,
        py: Python<'py>,
        lines: Vec<Bound<'py, PyString>>,
        only: Option<Vec<usize>>,
        title_words: Option<HashSet<String>>,
        reference: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Vec<Bound<'py, PyTuple>>>> {
        let Some((_, rows)) = self.rows(&lines, only, title_words, reference)? else { return Ok(None) };
        Ok(Some(rows.iter().map(|row| PyTuple::new(py, row.iter())).collect::<PyResult<_>>()?))
    }

    /// The lines of `only` that `model` rates at `cut` or above (its screens on), as
    /// (line, probability, features): document_features then TreeModel.removes, in one call.
    #[pyo3(signature = (model, lines, only, title_words, reference, cut))]
    #[allow(clippy::too_many_arguments, clippy::type_complexity)]
    fn scored<'py>(
        &self,
        py: Python<'py>,
        model: &LineModel,
        lines: Vec<Bound<'py, PyString>>,
        only: Option<Vec<usize>>,
        title_words: Option<HashSet<String>>,
        reference: &Bound<'py, PyAny>,
        cut: f64,
    ) -> PyResult<Option<Vec<(usize, f64, Bound<'py, PyTuple>)>>> {
        model.check(&[0.0; N_FEATURES])?;
        let Some((scored, rows)) = self.rows(&lines, only, title_words, reference)? else { return Ok(None) };
        let mut out = Vec::new();
        for (i, row) in scored.into_iter().zip(rows.iter()) {
            if let Some(p) = model.removes_row(row, cut) {
                out.push((i, p, PyTuple::new(py, row.iter())?));
            }
        }
        Ok(Some(out))
    }
}

// -- the boosted trees (line_scorer.TreeModel) ---------------------------------------------

#[derive(Clone, Copy)]
struct Node {
    /// usize::MAX for a leaf
    feature: usize,
    /// the threshold of a split, the value of a leaf
    value: f64,
    left: usize,
    right: usize,
}

#[pyclass(frozen, module = "textfix_core")]
pub struct LineModel {
    nodes: Vec<Node>,
    roots: Vec<usize>,
    bias: f64,
    /// the screen's bound after tree k (index k), if any
    screens: Vec<Option<f64>>,
    width: usize,
}

fn build(node: &Bound<'_, PyAny>, nodes: &mut Vec<Node>, width: &mut usize) -> PyResult<usize> {
    if node.is_instance_of::<PyFloat>() {
        nodes.push(Node { feature: usize::MAX, value: node.extract()?, left: 0, right: 0 });
        return Ok(nodes.len() - 1);
    }
    let split = node.cast::<PyTuple>()?;
    let feature: usize = split.get_item(0)?.extract()?;
    let value: f64 = split.get_item(1)?.extract()?;
    let at = nodes.len();
    nodes.push(Node { feature, value, left: 0, right: 0 });
    *width = (*width).max(feature + 1);
    let left = build(&split.get_item(2)?, nodes, width)?;
    let right = build(&split.get_item(3)?, nodes, width)?;
    nodes[at].left = left;
    nodes[at].right = right;
    Ok(at)
}

impl LineModel {
    /// `_compiled(model, screen)(x)`: bias plus the leaves in tree order; with the screens, None
    /// when a partial sum falls below a bound.
    fn score_row(&self, x: &[f64], screen: bool) -> Option<f64> {
        let mut s = self.bias;
        for (k, &root) in self.roots.iter().enumerate() {
            let mut node = self.nodes[root];
            while node.feature != usize::MAX {
                node = self.nodes[if x[node.feature] <= node.value { node.left } else { node.right }];
            }
            s += node.value;
            if screen {
                if let Some(Some(bound)) = self.screens.get(k + 1) {
                    if s < *bound {
                        return None;
                    }
                }
            }
        }
        Some(s)
    }

    /// `TreeModel.removes(x, cut)`.
    pub(crate) fn removes_row(&self, x: &[f64], cut: f64) -> Option<f64> {
        let s = self.score_row(x, true)?;
        let p = 1.0 / (1.0 + (-s).exp());
        (p >= cut).then_some(p)
    }

    pub(crate) fn check(&self, x: &[f64]) -> PyResult<()> {
        if x.len() < self.width {
            return Err(PyIndexError::new_err("a feature vector shorter than the trees read"));
        }
        Ok(())
    }
}

#[pymethods]
impl LineModel {
    /// From TreeModel's trees (nested tuples, leaves floats), bias and screens ((k, bound)).
    #[new]
    fn new(trees: &Bound<'_, PyTuple>, bias: f64, screens: Vec<(usize, f64)>) -> PyResult<Self> {
        let mut nodes = Vec::new();
        let mut width = 0;
        let mut roots = Vec::new();
        for tree in trees.iter() {
            roots.push(build(&tree, &mut nodes, &mut width)?);
        }
        let mut bounds = vec![None; roots.len() + 1];
        for (k, bound) in screens {
            if k < bounds.len() {
                bounds[k] = Some(bound); // as dict(screens): the last bound for k stays
            }
        }
        Ok(LineModel { nodes, roots, bias, screens: bounds, width })
    }

    /// `TreeModel.score(x)`.
    fn score(&self, x: Vec<f64>) -> PyResult<f64> {
        self.check(&x)?;
        Ok(self.score_row(&x, false).unwrap())
    }

    /// `TreeModel.removes(x, cut)`.
    fn removes(&self, x: Vec<f64>, cut: f64) -> PyResult<Option<f64>> {
        self.check(&x)?;
        Ok(self.removes_row(&x, cut))
    }
}

// -- the boilerplate rules' hits (boilerplate._line_rules_uncached) ------------------------

/// (rank, rule numbers) of the lines with rules, and the ranks of the lines not handled.
type Hits = (Vec<(usize, Vec<usize>)>, Vec<usize>);

#[pyclass(frozen, module = "textfix_core")]
pub struct RuleScanner {
    /// normalized phrase without spaces -> rule
    phrases: HashMap<String, usize, Fx>,
    /// patterns on the normalized line
    keyed: Patterns,
    /// patterns on the stripped line
    raw: Patterns,
    /// the pattern rules in their order
    order: Vec<usize>,
    max_line: usize,
    /// the longest phrase, in bytes
    longest_phrase: usize,
}

/// Whole-line patterns and the rule of each. The regex crate reads a text as `re` does when
/// each of its characters is one on which the two agree: same `\s`, `\w`, `\d`, and, where
/// a pattern ignores case, no character whose case forms reach ASCII ("ı", "ſ", "K"; the two
/// engines fold those differently), or, if a pattern that ignores case names a non-ASCII
/// letter with case itself, no non-ASCII character with case at all.
struct Patterns {
    each: Vec<Pattern>,
    needs: pyuni::Flags,
}

/// One whole-line pattern. A pattern that starts with a literal fails fast forwards; one
/// that ends with a literal instead ("... all rights reserved") is first tried from the
/// end of the line (`(?:p)\z` runs as a reverse search), and whole only if that matches.
struct Pattern {
    whole: regex::Regex,
    from_end: Option<regex::Regex>,
    rule: usize,
    /// the lengths (bytes) a whole match can have: a text of another length is not tried
    lengths: (usize, usize),
    /// what a whole match must start with and end with (from the pattern's literals), where
    /// known: a text that does not is not tried
    starts: Option<Affixes>,
    ends: Option<Affixes>,
    /// literals a whole match holds: a text without one is not tried
    inner: Vec<memchr::memmem::Finder<'static>>,
    /// the longest word (between spaces) of those literals, lowercased: a key that matches
    /// holds it inside one of its words, so the line it came from holds it ignoring case
    word: Option<Vec<u8>>,
}

/// Literals one of which a text must start (or end) with, ignoring ASCII case (a wider
/// test than the literals': still one every match passes), and their first (last) bytes.
struct Affixes {
    bytes: [bool; 256],
    literals: Vec<Vec<u8>>,
    prefix: bool,
}

impl Affixes {
    /// From regex-syntax's prefix (suffix) literals: where the sequence is finite and no
    /// literal is empty, every match starts (ends) with one of them.
    fn new(hir: &regex_syntax::hir::Hir, kind: ExtractKind) -> Option<Self> {
        let prefix = matches!(kind, ExtractKind::Prefix);
        let seq = Extractor::new().kind(kind).extract(hir);
        let found = seq.literals()?;
        if found.is_empty() || found.iter().any(|l| l.as_bytes().is_empty()) {
            return None;
        }
        let mut literals: Vec<Vec<u8>> = found.iter().map(|l| l.as_bytes().to_ascii_lowercase()).collect();
        literals.sort();
        literals.dedup();
        let mut bytes = [false; 256];
        for b in &literals {
            let edge = if prefix { b[0] } else { b[b.len() - 1] };
            bytes[edge.to_ascii_lowercase() as usize] = true;
            bytes[edge.to_ascii_uppercase() as usize] = true;
        }
        Some(Affixes { bytes, literals, prefix })
    }

    fn admit(&self, text: &[u8]) -> bool {
        let Some(&edge) = (if self.prefix { text.first() } else { text.last() }) else { return false };
        self.bytes[edge as usize]
            && self.literals.iter().any(|l| {
                l.len() <= text.len() && (if self.prefix { &text[..l.len()] } else { &text[text.len() - l.len()..] }).eq_ignore_ascii_case(l)
            })
    }
}

/// Literals every match holds (those of a sequence of parts the pattern must go through),
/// of three bytes or more.
fn required(hir: &regex_syntax::hir::Hir, out: &mut Vec<Vec<u8>>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Literal(literal) if literal.0.len() >= 3 => out.push(literal.0.to_vec()),
        HirKind::Capture(capture) => required(&capture.sub, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| required(part, out)),
        HirKind::Repetition(repeat) if repeat.min >= 1 => required(&repeat.sub, out),
        _ => {}
    }
}

/// Whether `line` holds `word` (lowercase ASCII) ignoring ASCII case.
fn holds_ignoring_case(line: &[u8], word: &[u8]) -> bool {
    let Some((&first, rest)) = word.split_first() else { return true };
    let last_start = match line.len().checked_sub(word.len()) {
        Some(n) => n,
        None => return false,
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &line[..=last_start])
        .any(|at| line[at + 1..at + word.len()].eq_ignore_ascii_case(rest))
}

impl Pattern {
    fn new(source: &str, rule: usize) -> Result<Self, String> {
        let whole = regex::Regex::new(&format!(r"\A(?:{source})\z")).map_err(|e| e.to_string())?;
        let hir = regex_syntax::parse(source).map_err(|e| e.to_string())?;
        let literal = |kind| {
            let found = Extractor::new().kind(kind).extract(&hir);
            found.min_literal_len().is_some_and(|n| n > 0)
        };
        let from_end = if !literal(ExtractKind::Prefix) && literal(ExtractKind::Suffix) {
            Some(regex::Regex::new(&format!(r"(?:{source})\z")).map_err(|e| e.to_string())?)
        } else {
            None
        };
        let properties = hir.properties();
        let lengths = (properties.minimum_len().unwrap_or(0), properties.maximum_len().unwrap_or(usize::MAX));
        let (starts, ends) = (Affixes::new(&hir, ExtractKind::Prefix), Affixes::new(&hir, ExtractKind::Suffix));
        let mut literals = Vec::new();
        required(&hir, &mut literals);
        let inner = literals.iter().map(|l| memchr::memmem::Finder::new(l).into_owned()).collect();
        let word = literals.iter().flat_map(|l| l.split(|&b| b == b' ')).max_by_key(|w| w.len()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase());
        Ok(Pattern { whole, from_end, rule, lengths, starts, ends, inner, word })
    }

    /// Whether this pattern, read on the key of an ASCII line, may match it: the key's
    /// length is one it matches, and the line holds the pattern's longest word.
    fn may_match_key(&self, key_len: usize, line: &[u8]) -> bool {
        (self.lengths.0..=self.lengths.1).contains(&key_len)
            && self.word.as_ref().is_none_or(|w| holds_ignoring_case(line, w))
    }

    fn matches(&self, text: &str) -> bool {
        (self.lengths.0..=self.lengths.1).contains(&text.len())
            && self.starts.as_ref().is_none_or(|a| a.admit(text.as_bytes()))
            && self.ends.as_ref().is_none_or(|a| a.admit(text.as_bytes()))
            && self.inner.iter().all(|f| f.find(text.as_bytes()).is_some())
            && self.from_end.as_ref().is_none_or(|r| r.is_match(text))
            && self.whole.is_match(text)
    }
}

impl Patterns {
    fn new(t: &Table, patterns: &[(usize, String)]) -> PyResult<Self> {
        let mut each = Vec::with_capacity(patterns.len());
        let (mut ignores_case, mut cased_letter) = (false, false);
        for (rule, source) in patterns {
            let ignores = source.contains("(?i");
            ignores_case |= ignores;
            cased_letter |= ignores && source.chars().any(|c| !c.is_ascii() && t.flags(c).is_none_or(|f| f & CASED != 0));
            each.push(Pattern::new(source, *rule).map_err(|e| PyValueError::new_err(format!("a pattern the regex crate cannot compile: {e}")))?);
        }
        let needs = match (ignores_case, cased_letter) {
            (false, _) => 0,
            (true, false) => FOLDS_TO_ASCII,
            (true, true) => CASED,
        };
        Ok(Patterns { each, needs })
    }

    /// Whether the patterns read `text` as `re` does.
    fn reads(&self, t: &Table, text: &str) -> bool {
        if self.each.is_empty() {
            return true;
        }
        if text.is_ascii() {
            // the ASCII characters on which they disagree: "\x1c"-"\x1f" (`re`'s \s only)
            return !text.bytes().any(|b| (0x1c..=0x1f).contains(&b));
        }
        text.chars().all(|c| t.flags(c).is_some_and(|f| f & REGEX_AGREES != 0 && f & self.needs == 0))
    }
}

impl RuleScanner {
    /// The rules of a line as `hits` reads it: stripped, and none for a line longer than
    /// max_line once stripped; None: not handled.
    pub(crate) fn rules_of_line(&self, t: &Table, line: &str, key: &mut String) -> Option<Vec<usize>> {
        self.rules_of_stripped(t, py_strip(t, line), key)
    }

    /// `rules_of_line` of a line already stripped.
    pub(crate) fn rules_of_stripped(&self, t: &Table, stripped: &str, key: &mut String) -> Option<Vec<usize>> {
        if stripped.len() > self.max_line && stripped.chars().count() > self.max_line {
            return Some(Vec::new());
        }
        self.line_rules(t, stripped, key)
    }

    /// The rules matching a stripped line, in the reference's order; None: not handled.
    /// `key`: a buffer for the line's normalized form.
    fn line_rules(&self, t: &Table, stripped: &str, key: &mut String) -> Option<Vec<usize>> {
        let mut found = Vec::new();
        if stripped.is_ascii() {
            return self.ascii_line_rules(stripped, key);
        }
        *key = normalize(t, stripped)?;
        let glued_len = key.len() - key.matches(' ').count();
        if key.is_empty() {
            return Some(found);
        }
        if !self.keyed.reads(t, key) || !self.raw.reads(t, stripped) {
            return None;
        }
        if glued_len <= self.longest_phrase {
            let glued: String = key.chars().filter(|&c| c != ' ').collect();
            if let Some(&rule) = self.phrases.get(&glued) {
                found.push(rule);
            }
        }
        self.push_matches(&self.keyed, key, &mut found);
        self.push_matches(&self.raw, stripped, &mut found);
        Some(found)
    }

    /// `line_rules` of an ASCII line. Its key (normalize's form: [a-z0-9 ] only) is written
    /// only where a phrase or a pattern on it could match: a phrase where the line has no more
    /// letters and digits than the longest phrase, a pattern where the key's length (counted
    /// first) is one it matches and the line holds its longest word, ignoring case.
    fn ascii_line_rules(&self, stripped: &str, key: &mut String) -> Option<Vec<usize>> {
        let mut found = Vec::new();
        let bytes = stripped.as_bytes();
        let (mut letters, mut runs, mut odd, mut inside) = (0usize, 0usize, false, false);
        for &b in bytes {
            odd |= (0x1c..=0x1f).contains(&b);
            let alnum = b.is_ascii_alphanumeric();
            letters += alnum as usize;
            runs += (alnum && !inside) as usize;
            inside = alnum;
        }
        if letters == 0 {
            return Some(found); // an empty key matches nothing
        }
        // Patterns::reads on ASCII: the key reads alike; the line unless it holds "\x1c"-"\x1f"
        if odd && !self.raw.each.is_empty() {
            return None;
        }
        let key_len = letters + runs - 1;
        let phrase = letters <= self.longest_phrase;
        let keyed = self.keyed.each.iter().any(|p| p.may_match_key(key_len, bytes));
        if phrase || keyed {
            key.clear();
            let mut gap = false;
            for &b in bytes {
                if b.is_ascii_alphanumeric() {
                    if gap && !key.is_empty() {
                        key.push(' ');
                    }
                    gap = false;
                    key.push(b.to_ascii_lowercase() as char);
                } else {
                    gap = true;
                }
            }
        }
        if phrase {
            let glued: String = key.chars().filter(|&c| c != ' ').collect();
            if let Some(&rule) = self.phrases.get(&glued) {
                found.push(rule);
            }
        }
        if keyed {
            self.push_matches(&self.keyed, key, &mut found);
        }
        self.push_matches(&self.raw, stripped, &mut found);
        Some(found)
    }

    fn push_matches(&self, patterns: &Patterns, text: &str, found: &mut Vec<usize>) {
        let matched: Vec<usize> = patterns.each.iter().filter(|p| p.matches(text)).map(|p| p.rule).collect();
        if !matched.is_empty() {
            found.extend(self.order.iter().filter(|r| matched.contains(r)));
        }
    }
}

#[pymethods]
impl RuleScanner {
    /// phrases: normalized phrase without spaces -> rule number; patterns and raw_patterns:
    /// (rule number, pattern) for the normalized and the stripped line; order: the pattern
    /// rules' numbers in the reference's order; max_line: longer stripped lines match nothing.
    #[new]
    fn new(
        phrases: HashMap<String, usize>,
        patterns: Vec<(usize, String)>,
        raw_patterns: Vec<(usize, String)>,
        order: Vec<usize>,
        max_line: usize,
    ) -> PyResult<Self> {
        let t = need_table()?;
        let longest_phrase = phrases.keys().map(String::len).max().unwrap_or(0);
        let (keyed, raw) = (Patterns::new(t, &patterns)?, Patterns::new(t, &raw_patterns)?);
        let phrases = phrases.into_iter().collect();
        Ok(RuleScanner { phrases, keyed, raw, order, max_line, longest_phrase })
    }

    /// `_line_rules_uncached(stripped)` as rule numbers, or None where not handled.
    fn rules_of(&self, stripped: &Bound<'_, PyString>) -> PyResult<Option<Vec<usize>>> {
        let t = need_table()?;
        Ok(text_of(stripped).and_then(|stripped| self.line_rules(t, stripped, &mut String::new())))
    }

    /// For a document's lines: (the lines with rules, as (rank, rule numbers)), (the ranks of
    /// the lines not handled here). A line is stripped first, and one whose stripped form is
    /// longer than max_line matches nothing (boilerplate._match).
    fn hits(&self, lines: Vec<Bound<'_, PyString>>) -> PyResult<Hits> {
        let t = need_table()?;
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        let mut key = String::new();
        for (rank, line) in lines.iter().enumerate() {
            let Some(line) = text_of(line) else {
                unknown.push(rank);
                continue;
            };
            match self.rules_of_line(t, line, &mut key) {
                Some(rules) if rules.is_empty() => {}
                Some(rules) => found.push((rank, rules)),
                None => unknown.push(rank),
            }
        }
        Ok((found, unknown))
    }
}

// -- the boilerplate rules' trailing phrases (boilerplate._trailing_phrases) ----------------

#[pyclass(frozen, module = "textfix_core")]
pub struct TrailingScanner {
    pattern: regex::Regex,
    /// the phrases, ignoring ASCII case: a text without any has no match
    phrases: AhoCorasick,
}

#[pymethods]
impl TrailingScanner {
    /// From the reference's pattern (compiled with re.M there): a sentence end, then one of
    /// the phrases ignoring case, at the end of a line; groups 1 (what goes) and 2 (the phrase).
    /// `phrases`: the phrases the pattern lists (ASCII: a text whose characters could match
    /// them otherwise goes to the reference).
    #[new]
    fn new(source: &str, phrases: Vec<String>) -> PyResult<Self> {
        let pattern = regex::Regex::new(&format!("(?m){source}"))
            .map_err(|e| PyValueError::new_err(format!("a pattern the regex crate cannot compile: {e}")))?;
        if phrases.iter().any(|p| !p.is_ascii()) {
            return Err(PyValueError::new_err("trailing phrases must be ASCII"));
        }
        let phrases = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&phrases)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(TrailingScanner { pattern, phrases })
    }

    /// Every match as (start, end of group 1 in code points, group 2), left to right; None
    /// where a character could match a phrase's ASCII letter in one engine only ("ı", "İ":
    /// `re` folds them to "i", the regex crate does not), so the reference runs.
    fn find(&self, text: &Bound<'_, PyString>) -> PyResult<Option<Vec<(usize, usize, String)>>> {
        let t = need_table()?;
        let Some(text) = text_of(text) else { return Ok(None) };
        let ascii = text.is_ascii();
        if !ascii && text.chars().any(|c| t.flags(c).is_some_and(|f| f & FOLDS_TO_ASCII != 0)) {
            return Ok(None);
        }
        let mut found = Vec::new();
        if !self.phrases.is_match(text) {
            return Ok(Some(found));
        }
        let (mut byte, mut chars) = (0usize, 0usize); // code points counted up to `byte`
        let mut offset = |at: usize| {
            if !ascii {
                chars += text[byte..at].chars().count();
                byte = at;
                chars
            } else {
                at
            }
        };
        for caps in self.pattern.captures_iter(text) {
            let (Some(whole), Some(phrase)) = (caps.get(1), caps.get(2)) else { continue };
            let start = offset(whole.start());
            let end = offset(whole.end());
            found.push((start, end, phrase.as_str().to_string()));
        }
        Ok(Some(found))
    }
}

// -- what the boilerplate pass's document scan (core/src/boilerplate.rs) reads ---------------

pub(crate) use pyuni::{Table as UniTable, ALNUM as ALNUM_FLAG};

/// The loaded Unicode table (an error before load_unicode_table).
pub(crate) fn unicode_table() -> PyResult<&'static Table> {
    need_table()
}

/// Python's `line.strip()`.
pub(crate) fn strip<'a>(t: &Table, line: &'a str) -> &'a str {
    py_strip(t, line)
}

/// passes/lines.py `normalize`; None where not handled.
pub(crate) fn normalized(t: &Table, line: &str) -> Option<String> {
    normalize(t, line)
}

/// `line.endswith(line_scorer._SENTENCE_END)`.
pub(crate) fn ends_like_sentence(line: &str) -> bool {
    ends_sentence(line)
}

/// line_scorer `_runs`.
pub(crate) fn short_runs(short: &[bool]) -> Vec<usize> {
    runs(short)
}
