//! The duplicate-lines pass's decisions (passes/duplicates.py, DuplicateLinesPass.run) in one
//! call: which lines go, and by which rule. Python builds the edits (and applies the cap) only
//! for a document that loses a line. Character classes and case mappings are Python's own
//! (lines/pyuni.rs); None where a line is not handled here (compact's cases), and the
//! reference decides.

use crate::lines::pyuni::{table, Table, SPACE};
use crate::lines::{compact, may_repeat_in};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyString;
use std::collections::{HashMap, HashSet};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(duplicate_removals, m)?)?;
    Ok(())
}

// The rules, numbered as in passes/duplicates.py's _CORE_RULES.
const PARAGRAPH: u8 = 0;
const LATER: u8 = 1;
const LINE: u8 = 2;
const HEADLINE: u8 = 3;

fn is_space(t: &Table, c: char) -> bool {
    t.flags(c).is_some_and(|f| f & SPACE != 0)
}

/// Python's `line.strip()`.
fn strip<'a>(t: &Table, line: &'a str) -> &'a str {
    line.trim_matches(|c| is_space(t, c))
}

/// duplicates.py `_headline_shaped`: two words or more, no sentence punctuation at the end.
fn headline_shaped(t: &Table, line: &str) -> bool {
    let stripped = strip(t, line);
    // stripped: no space at either end, so a space inside makes two words
    stripped.chars().any(|c| is_space(t, c))
        && !stripped.ends_with(['.', '!', '?', ',', ';', ':', '"', '\u{201d}', '\'', '\u{2019}', ')'])
}

/// The first 30 characters of `compact(line)` into `out` (duplicates.py `_start_key`:
/// compact maps each character on its own, so a prefix of the line gives a prefix of its
/// form), read from the line's start only; None where compact is not handled.
fn start_key(t: &Table, line: &str, out: &mut String) -> Option<()> {
    out.clear();
    let mut count = 0;
    for c in line.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
                count += 1;
            }
        } else {
            // compact's own rules for one character (lines.rs)
            for l in compact(t, c.encode_utf8(&mut [0; 4]))?.chars() {
                out.push(l);
                count += 1;
            }
        }
        if count >= 30 {
            break;
        }
    }
    if count > 30 {
        let cut = out.char_indices().nth(30).map_or(out.len(), |(at, _)| at);
        out.truncate(cut);
    }
    Some(())
}

/// (line index, rule) of each line DuplicateLinesPass.run removes, before its cap (`enabled`:
/// repeated-paragraph, repeated-later, repeated-line, repeated-headline); None: not handled.
/// Two lines' forms can only be equal if their first 30 characters are: a line's whole form
/// is made only when its start equals the start of the last line kept (unless
/// repeated-later is on, which looks at every line's form).
fn removals(t: &Table, text: &str, min_length: usize, min_length_later: usize, enabled: [bool; 4]) -> Option<Vec<(usize, u8)>> {
    if enabled[LATER as usize] {
        return removals_with_later(t, text, min_length, min_length_later, enabled);
    }
    let lines = split_lines(text);
    let mut found = Vec::new();
    // the last non-blank line kept: its index, its form once made; the start of its form
    let mut previous: Option<(usize, Option<String>)> = None;
    let (mut start, mut previous_start) = (String::new(), String::new());
    for (index, line) in lines.iter().enumerate() {
        if strip(t, line).is_empty() {
            continue;
        }
        start_key(t, line, &mut start)?;
        let mut rule = None;
        let mut key = None;
        if let Some((before, previous_key)) = previous.as_mut() {
            if !start.is_empty() && start == previous_start {
                if previous_key.is_none() {
                    *previous_key = Some(compact(t, lines[*before])?);
                }
                let full = compact(t, line)?;
                if Some(&full) == previous_key.as_ref() {
                    let adjacent = *before + 1 == index;
                    if full.chars().count() >= min_length {
                        rule = Some(PARAGRAPH);
                    } else if adjacent && strip(t, line) == strip(t, lines[*before]) && enabled[LINE as usize] {
                        rule = Some(LINE);
                    } else if headline_shaped(t, line) && enabled[HEADLINE as usize] {
                        rule = Some(HEADLINE);
                    }
                }
                key = Some(full);
            }
        }
        if let Some(rule) = rule {
            if enabled[rule as usize] {
                found.push((index, rule));
                continue;
            }
        }
        previous = Some((index, key));
        std::mem::swap(&mut start, &mut previous_start);
    }
    Some(found)
}

/// The lines of split_lines (passes/lines.py): the empty piece after a final newline is not one.
fn split_lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.len() > 1 && lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

/// `removals` with repeated-later on: every line's whole form.
fn removals_with_later(t: &Table, text: &str, min_length: usize, min_length_later: usize, enabled: [bool; 4]) -> Option<Vec<(usize, u8)>> {
    if !may_repeat_in(t, text)? {
        return Some(Vec::new());
    }
    let lines = split_lines(text);
    // each non-blank line's compared form and its length in code points
    let mut keys: Vec<Option<(String, usize)>> = Vec::with_capacity(lines.len());
    for line in &lines {
        if strip(t, line).is_empty() {
            keys.push(None);
        } else {
            let key = compact(t, line)?;
            let count = key.chars().count();
            keys.push(Some((key, count)));
        }
    }
    let mut copies: HashMap<&str, usize> = HashMap::new();
    for (key, _) in keys.iter().flatten() {
        *copies.entry(key.as_str()).or_default() += 1;
    }
    let mut seen: HashSet<&str> = HashSet::new();
    let mut found = Vec::new();
    let mut previous: Option<(usize, &str)> = None; // the last non-blank line kept
    for (index, entry) in keys.iter().enumerate() {
        let Some((key, count)) = entry else { continue };
        let key = key.as_str();
        let long = *count >= min_length;
        let mut rule = None;
        match previous {
            Some((before, previous_key)) if !key.is_empty() && key == previous_key => {
                let adjacent = before + 1 == index;
                if long {
                    rule = Some(PARAGRAPH);
                } else if adjacent && strip(t, lines[index]) == strip(t, lines[before]) && enabled[LINE as usize] {
                    rule = Some(LINE);
                } else if headline_shaped(t, lines[index]) && enabled[HEADLINE as usize] {
                    rule = Some(HEADLINE);
                }
            }
            _ => {
                if *count >= min_length_later && seen.contains(key) && copies.get(key) == Some(&2) {
                    rule = Some(LATER);
                }
            }
        }
        if let Some(rule) = rule {
            if enabled[rule as usize] {
                found.push((index, rule));
                continue;
            }
        }
        seen.insert(key);
        previous = Some((index, key));
    }
    Some(found)
}

/// DuplicateLinesPass.run's removals (see `removals`), or None where the reference decides.
#[pyfunction]
fn duplicate_removals(text: &Bound<'_, PyString>, min_length: usize, min_length_later: usize, enabled: [bool; 4]) -> PyResult<Option<Vec<(usize, u8)>>> {
    let t = table().ok_or_else(|| PyValueError::new_err("textfix_core: load_unicode_table() first"))?;
    let Ok(text) = text.to_str() else { return Ok(None) };
    Ok(removals(t, text, min_length, min_length_later, enabled))
}
