//! The boilerplate pass's document scan: one call per document that says whether the pass
//! leaves it as it is (the common case: no rule hit, no line at the scorer's threshold, no
//! trailing phrase), so that Python does no work per line for it.
//!
//! `BoilerplateScanner.quiet` runs the first round of `BoilerplatePass.run` (passes/
//! boilerplate.py, the reference): the title's copies, the rules' hits at their positions,
//! the scorer on the lines its gates leave, and a screen for the trailing phrases. It answers
//! True only where that round removes nothing and no trailing phrase can match, so the
//! reference would return the text unchanged; False means "run the reference" (something
//! to remove, or a case not handled here: a character above U+FFFF, a lone surrogate, a
//! line the rule scanner or the scorer leaves to the reference). The reference decides
//! every document with something to remove. tests/test_core_lines.py holds it to the
//! reference.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use std::collections::HashSet;

use crate::lines::{
    ends_like_sentence, normalized, short_runs, strip, unicode_table, LineModel, LineScanner, RuleScanner, UniTable,
    ALNUM_FLAG, N_FEATURES,
};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<BoilerplateScanner>()
}

/// line_scorer's gates and boilerplate.py's constants the scan reads.
const SHORT: usize = 40;
const FAR: usize = 1 << 30;

#[derive(Clone, Copy)]
enum Position {
    Any,
    Head(usize),
    Tail(usize),
    Edge(usize),
}

impl Position {
    /// boilerplate `_in_position`.
    fn admits(self, head: usize, tail: usize) -> bool {
        match self {
            Position::Any => true,
            Position::Head(within) => head < within,
            Position::Tail(within) => tail < within,
            Position::Edge(within) => head < within || tail < within,
        }
    }
}

/// A line whose rules the reference finds: (stripped line, rank from the top, from the bottom).
type Ask<'a> = (&'a str, usize, usize);

struct Scorer {
    lines: Py<LineScanner>,
    model: Py<LineModel>,
    cut: f64,
    min_lines: usize,
}

#[pyclass(frozen, module = "textfix_core")]
pub struct BoilerplateScanner {
    rules: Py<RuleScanner>,
    /// each rule's position, by rule number
    positions: Vec<Position>,
    scorer: Option<Scorer>,
    /// the trailing phrases, ASCII, lowercased
    trailing: Vec<Vec<u8>>,
    /// the non-ASCII characters `re` matches to an ASCII character ignoring case
    folds: Vec<char>,
}

/// The trailing pattern's tail after the phrase (`[.…]*[ \t]*`), all of it trimmed: a line
/// the pattern matches ends, so trimmed, with the phrase (no phrase ends with these).
fn trailing_trim(c: char) -> bool {
    matches!(c, ' ' | '\t' | '.' | '…')
}

impl BoilerplateScanner {
    /// Whether one of the trailing phrases may end this line as the reference's pattern reads
    /// it: the line, trimmed, ends with the phrase ignoring ASCII case, or one of its last
    /// characters (as many as the phrase's) is one `re` matches to an ASCII letter ("ſ", "K").
    fn may_trail(&self, line: &str) -> bool {
        if self.trailing.is_empty() {
            return false;
        }
        let trimmed = line.trim_end_matches(trailing_trim);
        let bytes = trimmed.as_bytes();
        self.trailing.iter().any(|phrase| {
            let n = phrase.len();
            (bytes.len() >= n && bytes[bytes.len() - n..].eq_ignore_ascii_case(phrase))
                // the last n characters, where a non-ASCII one might fold to a phrase's letter
                || (!trimmed.is_ascii() && trimmed.chars().rev().take(n).any(|c| !c.is_ascii() && self.folds.contains(&c)))
        })
    }

    /// The scan (see `quiet`): None for "run the reference", else the lines whose rules
    /// the reference must find.
    fn scan<'a>(
        &self,
        t: &UniTable,
        text: &'a str,
        head: bool,
        tail: bool,
        title_key: Option<&str>,
        title_words: Option<&HashSet<String>>,
        reference: &mut dyn FnMut(u8, &str) -> PyResult<Option<Vec<f64>>>,
    ) -> PyResult<Option<Vec<Ask<'a>>>> {
        // a character above U+FFFF (the only ones outside the table; four bytes in UTF-8,
        // led by 0xF0-0xF4): the reference
        if text.as_bytes().iter().any(|&b| b >= 0xF0) {
            return Ok(None);
        }
        // the non-blank lines (index, line), and the trailing phrases' screen
        // (index, line, stripped line)
        let mut content: Vec<(usize, &str, &str)> = Vec::new();
        let mut start = 0;
        let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
        for (index, end) in ends.enumerate() {
            let line = &text[start..end];
            start = end + 1;
            let stripped = strip(t, line);
            if stripped.is_empty() {
                continue;
            }
            if self.may_trail(line) {
                return Ok(None);
            }
            content.push((index, line, stripped));
        }
        // the title's first copy stays (never removed, never scored); a later copy goes
        let mut titled = None;
        if let Some(key) = title_key {
            for &(index, line, _) in &content {
                let Some(norm) = normalized(t, line) else { return Ok(None) };
                if norm == key || (norm.chars().count() >= 20 && key.contains(norm.as_str())) {
                    if titled.is_some() {
                        return Ok(None);
                    }
                    titled = Some(index);
                }
            }
        }
        let headline = titled.or(if head { content.first().map(|&(index, _, _)| index) } else { None });
        // the rules, each at its position
        let rules = self.rules.get();
        let total = content.len();
        let mut key = String::new();
        let mut asks = Vec::new();
        for (rank, &(index, _, stripped)) in content.iter().enumerate() {
            if Some(index) == titled {
                continue;
            }
            let at = (if head { rank } else { FAR }, if tail { total - 1 - rank } else { FAR });
            let Some(hit) = rules.rules_of_stripped(t, stripped, &mut key) else {
                asks.push((stripped, at.0, at.1));
                continue;
            };
            if hit.is_empty() {
                continue;
            }
            if hit.iter().any(|&rule| self.positions.get(rule).is_none_or(|p| p.admits(at.0, at.1))) {
                return Ok(None);
            }
        }
        // the scorer, on the lines its gates leave
        let Some(scorer) = &self.scorer else { return Ok(Some(asks)) };
        if !(head && tail && total >= scorer.min_lines) {
            return Ok(Some(asks));
        }
        let stripped: Vec<&str> = content.iter().map(|&(_, _, stripped)| stripped).collect();
        let skip = content.iter().position(|&(index, _, _)| Some(index) == headline);
        let mut ask = |kind: u8, i: usize| reference(kind, stripped[i]);
        let Some(found) = self.score(t, scorer, &stripped, skip.as_slice(), title_words, &mut ask)? else { return Ok(None) };
        Ok(if found.is_empty() { Some(asks) } else { None })
    }

    /// `_scored_round`'s gates and scores on a round's stripped lines: the lines (rank,
    /// probability, features) the scorer removes (body headings not yet set apart), or None
    /// where a line is left to the reference. `skip`: the ranks never scored (the headline,
    /// the lines the round's rules remove).
    fn score(
        &self,
        t: &UniTable,
        scorer: &Scorer,
        stripped: &[&str],
        skip: &[usize],
        title_words: Option<&HashSet<String>>,
        reference: &mut dyn FnMut(u8, usize) -> PyResult<Option<Vec<f64>>>,
    ) -> PyResult<Option<Vec<(usize, f64, [f64; N_FEATURES])>>> {
        let total = stripped.len();
        let lens: Vec<usize> = stripped.iter().map(|s| if s.is_ascii() { s.len() } else { s.chars().count() }).collect();
        let ends: Vec<bool> = stripped.iter().map(|s| ends_like_sentence(s)).collect();
        // line_scorer.in_scope
        let short: Vec<bool> = (0..total).map(|k| lens[k] < SHORT && !ends[k]).collect();
        let all = total == 0 || short.iter().filter(|&&s| s).count() as f64 / total as f64 > 0.49;
        let run = if all { Vec::new() } else { short_runs(&short) };
        let mut skipped = vec![false; total];
        for &k in skip {
            if k < total {
                skipped[k] = true;
            }
        }
        let only: Vec<usize> = (0..total)
            .filter(|&k| all || k < 3 || total - 1 - k < 18 || run[k] > 3)
            .filter(|&k| lens[k] < 80 || (lens[k] < 120 && !ends[k])) // line_scorer.candidate
            .filter(|&k| !skipped[k])
            .filter(|&k| stripped[k].chars().any(|c| t.flags(c).is_some_and(|f| f & ALNUM_FLAG != 0)))
            .collect();
        if only.is_empty() {
            return Ok(Some(Vec::new()));
        }
        let lines = scorer.lines.get();
        let Some((ranks, rows)) = lines.rows_in(t, stripped, &lens, only, title_words, reference)? else { return Ok(None) };
        let model = scorer.model.get();
        Ok(Some(ranks.into_iter().zip(rows).filter_map(|(k, row)| model.removes_row(&row, scorer.cut).map(|p| (k, p, row))).collect()))
    }
}

#[pymethods]
impl BoilerplateScanner {
    /// rules: the pass's RuleScanner; positions: (position, within) of each rule by number;
    /// scorer: (LineScanner, LineModel, threshold, SCORER_MIN_LINES), or None with the scorer
    /// off; trailing: the trailing phrases (ASCII; a phrase that ends in a space, a tab, "."
    /// or "…" is refused: the screen could not see it); folds: the non-ASCII characters
    /// that `re` matches to an ASCII character ignoring case.
    #[new]
    fn new(
        rules: Py<RuleScanner>,
        positions: Vec<(String, usize)>,
        scorer: Option<(Py<LineScanner>, Py<LineModel>, f64, usize)>,
        trailing: Vec<String>,
        folds: Vec<char>,
    ) -> PyResult<Self> {
        let positions = positions
            .into_iter()
            .map(|(kind, within)| match kind.as_str() {
                "any" => Ok(Position::Any),
                "head" => Ok(Position::Head(within)),
                "tail" => Ok(Position::Tail(within)),
                "edge" => Ok(Position::Edge(within)),
                other => Err(PyValueError::new_err(format!("unknown rule position {other:?}"))),
            })
            .collect::<PyResult<Vec<_>>>()?;
        if trailing.iter().any(|p| p.is_empty() || !p.is_ascii() || p.ends_with(trailing_trim)) {
            return Err(PyValueError::new_err("trailing phrases must be ASCII and end in a character the screen keeps"));
        }
        let scorer = match scorer {
            Some((lines, model, cut, min_lines)) => {
                model.get().check(&[0.0; N_FEATURES])?;
                Some(Scorer { lines, model, cut, min_lines: min_lines.max(1) })
            }
            None => None,
        };
        let trailing = trailing.into_iter().map(|p| p.to_ascii_lowercase().into_bytes()).collect();
        Ok(BoilerplateScanner { rules, positions, scorer, trailing, folds })
    }

    /// `BoilerplatePass._scored_round`'s scoring of a round's kept lines (`lines`, as they
    /// stand in the text): the lines at or above the threshold as (rank, probability,
    /// features), as line_scorer.scored_lines gives them for the lines the gates leave; `skip`:
    /// the ranks of the headline and of the lines the round's rules remove. None: a line
    /// the core does not read (a character above U+FFFF, a lone surrogate), or no scorer:
    /// run the reference.
    #[pyo3(signature = (lines, skip, title_words, reference))]
    #[allow(clippy::type_complexity)]
    fn scored_round<'py>(
        &self,
        py: Python<'py>,
        lines: Vec<Bound<'py, PyString>>,
        skip: Vec<usize>,
        title_words: Option<HashSet<String>>,
        reference: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Vec<(usize, f64, Bound<'py, PyTuple>)>>> {
        let t = unicode_table()?;
        let Some(scorer) = &self.scorer else { return Ok(None) };
        let Some(text) = lines.iter().map(|line| line.to_str().ok()).collect::<Option<Vec<&str>>>() else { return Ok(None) };
        if text.iter().any(|line| line.as_bytes().iter().any(|&b| b >= 0xF0)) {
            return Ok(None); // str.isalnum of a character above U+FFFF: the reference
        }
        let stripped: Vec<&str> = text.iter().map(|line| strip(t, line)).collect();
        let mut ask = |kind: u8, i: usize| -> PyResult<Option<Vec<f64>>> {
            let got = reference.call1((kind, stripped[i]))?;
            Ok(Some(if kind == 2 { vec![got.extract()?] } else { got.extract()? }))
        };
        let Some(found) = self.score(t, scorer, &stripped, &skip, title_words.as_ref(), &mut ask)? else { return Ok(None) };
        found.into_iter().map(|(k, p, row)| Ok((k, p, PyTuple::new(py, row.iter())?))).collect::<PyResult<Vec<_>>>().map(Some)
    }

    /// Whether the reference's `BoilerplatePass.run(text, head=, tail=, title=)` returns the
    /// text unchanged by its first round (see the module's doc): None means "run the
    /// reference"; a list means "unchanged if none of these lines has a rule at its place",
    /// each (stripped line, rank from the top, rank from the bottom; 2**30 where the text does
    /// not start / end the document), the lines whose rules the core leaves to the reference
    /// (the list is mostly empty). `title_key`: `normalize(title)` where the pass looks for
    /// the title's lines (head, a title, repeated-title on; None or "" for none);
    /// `title_words`: line_scorer's `_title_words(title)`; `reference(kind, line)`: the
    /// scorer's reference for a line the core does not read (line_scorer `_reference`).
    #[pyo3(signature = (text, head, tail, title_key, title_words, reference))]
    fn quiet<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        head: bool,
        tail: bool,
        title_key: Option<&str>,
        title_words: Option<HashSet<String>>,
        reference: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Vec<(Bound<'py, PyString>, usize, usize)>>> {
        let t = unicode_table()?;
        let Ok(text) = text.to_str() else { return Ok(None) };
        let mut ask = |kind: u8, line: &str| -> PyResult<Option<Vec<f64>>> {
            let got = reference.call1((kind, line))?;
            Ok(Some(if kind == 2 { vec![got.extract()?] } else { got.extract()? }))
        };
        let found = self.scan(t, text, head, tail, title_key.filter(|k| !k.is_empty()), title_words.as_ref(), &mut ask)?;
        Ok(found.map(|asks| asks.into_iter().map(|(line, top, bottom)| (PyString::new(py, line), top, bottom)).collect()))
    }
}
