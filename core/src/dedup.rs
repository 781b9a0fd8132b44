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

/// (line index, rule) of each line DuplicateLinesPass.run removes, before its cap (`enabled`:
/// repeated-paragraph, repeated-later, repeated-line, repeated-headline); None: not handled.
fn removals(t: &Table, text: &str, min_length: usize, min_length_later: usize, enabled: [bool; 4]) -> Option<Vec<(usize, u8)>> {
    if !may_repeat_in(t, text)? {
        return Some(Vec::new());
    }
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.len() > 1 && lines.last() == Some(&"") {
        lines.pop(); // the empty piece after a final newline is not a line (split_lines)
    }
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
    if enabled[LATER as usize] {
        for (key, _) in keys.iter().flatten() {
            *copies.entry(key.as_str()).or_default() += 1;
        }
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
                if *count >= min_length_later && enabled[LATER as usize] && seen.contains(key) && copies.get(key) == Some(&2) {
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
