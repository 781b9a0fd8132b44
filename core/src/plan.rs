//! The split-words pass's token screen decision (reference: textfix/passes/split_words.py
//! SplitWordsPass._plan_uncached with no neighbours at a sentence start, its
//! _case_junctions and _digit_junctions, and textfix/glue_model.py judge_run, _near_miss,
//! judge_case, known_word): whether a new token's plan is empty, i.e. whether the token is
//! plain in every document.
//!
//! - `Lexicon`: wordfreq's English frequencies, handed over once per process.
//! - `Planner`: one pass's settings (keep list, prior table, threshold) with the word lists
//!   and constants the reference reads; `planned(token)` is `bool(_plan_uncached(token,
//!   None, None, True))` for a token of ASCII, Latin letters and listed punctuation (see
//!   planner_bytes), None (not handled: the reference decides) for any other, whose
//!   characters Python's str.isalpha()/isdigit() and \w judge over all of Unicode;
//!   `judge_run` is glue_model.judge_run on an ASCII letter run (which glue_model asks for
//!   the plans with neighbours). The floats are the reference's: the same formulas in the
//!   same order (f64::ln and math.log both call libm's log), Evidence.total summed left to
//!   right with its zero terms.

use crate::split::{string_set, FxSet, SplitModel, StrMap, WordSet};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// wordfreq's frequencies (glue_model.lexicon()), once per process.
#[pyclass(frozen, module = "textfix_core")]
pub struct Lexicon {
    shares: StrMap,
}

#[pymethods]
impl Lexicon {
    #[new]
    fn new(shares: &Bound<'_, PyDict>) -> PyResult<Self> {
        let mut map = StrMap::with_capacity(shares.len());
        for (word, share) in shares.iter() {
            map.insert(word.cast::<PyString>()?.to_str()?, share.extract()?, 0.0);
        }
        Ok(Lexicon { shares: map })
    }
}

impl Lexicon {
    #[inline]
    fn get(&self, word: &str) -> Option<f64> {
        self.shares.get(word).map(|(share, _)| share)
    }
}

// -- Python's string predicates on ASCII ---------------------------------------------------

#[inline]
fn is_lower(s: &[u8]) -> bool {
    s.iter().any(u8::is_ascii_lowercase) && !s.iter().any(u8::is_ascii_uppercase)
}

#[inline]
fn is_upper(s: &[u8]) -> bool {
    s.iter().any(u8::is_ascii_uppercase) && !s.iter().any(u8::is_ascii_lowercase)
}

/// Python's truth of an optional string.
fn truthy(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

#[inline]
fn lower(s: &[u8]) -> String {
    s.iter().map(|b| b.to_ascii_lowercase() as char).collect()
}

#[inline]
fn text(s: &[u8]) -> &str {
    // called on ASCII letter runs only (the stand-ins are never part of one)
    std::str::from_utf8(s).unwrap_or("")
}

/// split_words._PIECE.finditer: ASCII letter runs and digit runs, as byte ranges.
fn pieces(token: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < token.len() {
        let kind = |b: u8| {
            if b.is_ascii_alphabetic() {
                1
            } else if b.is_ascii_digit() {
                2
            } else {
                0
            }
        };
        let k = kind(token[at]);
        if k == 0 {
            at += 1;
            continue;
        }
        let start = at;
        while at < token.len() && kind(token[at]) == k {
            at += 1;
        }
        found.push((start, at));
    }
    found
}

/// split_words._SEGMENT.finditer over a letter run, `[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+`,
/// as ranges in the run: the segments tile it.
fn segments(run: &[u8]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    let n = run.len();
    while at < n {
        let upper_end = (at..n).find(|&i| !run[i].is_ascii_uppercase()).unwrap_or(n);
        let upper = upper_end - at;
        let end = if upper >= 2 && upper_end < n && run[upper_end].is_ascii_lowercase() {
            upper_end - 1 // an acronym before a capitalized word: "BMW" in "BMWBentley"
        } else if upper <= 1 && (at + upper) < n && run[at + upper].is_ascii_lowercase() {
            (at + upper..n)
                .find(|&i| !run[i].is_ascii_lowercase())
                .unwrap_or(n)
        } else {
            upper_end
        };
        found.push((at, end));
        at = end;
    }
    found
}

/// split_words._CODE_LIKE.search on an ASCII token.
fn code_like(t: &[u8]) -> bool {
    if t.iter().any(|b| b"/\\_=@#`<>{}|~^;[]".contains(b)) {
        return true;
    }
    t.windows(2).any(|w| {
        (w[0] == b'.' && w[1].is_ascii_lowercase())
            || (w[0].is_ascii_lowercase() && w[1] == b'(')
            || (w[0] == b'"' && (w[1] == b':' || w[1] == b','))
            || ((w[0] == b':' || w[0] == b',') && w[1] == b'"')
    }) || t
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_alphabetic())
}

/// split_words._DOMAIN_END.search on an ASCII token.
fn domain_end(t: &[u8]) -> bool {
    const ENDS: [&[u8]; 12] = [
        b"com", b"net", b"org", b"info", b"biz", b"gov", b"edu", b"co", b"uk", b"de", b"tv", b"io",
    ];
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == LATIN;
    (0..t.len()).filter(|&i| t[i] == b'.').any(|i| {
        ENDS.iter().any(|end| {
            let stop = i + 1 + end.len();
            stop <= t.len()
                && t[i + 1..stop].eq_ignore_ascii_case(end)
                && (stop == t.len() || !word(t[stop]))
        })
    })
}

/// split_words.ABBREVIATION.match at ``at``: two or more "X." in a row.
fn abbreviation(t: &[u8], at: usize) -> bool {
    t.len() >= at + 4
        && t[at].is_ascii_uppercase()
        && t[at + 1] == b'.'
        && t[at + 2].is_ascii_uppercase()
        && t[at + 3] == b'.'
}

// -- tokens beyond ASCII --------------------------------------------------------------------

/// Stand-ins for the non-ASCII characters a token may hold and still be planned here, one
/// byte a character (so that lengths and positions count code points, as Python does):
/// the right single quote (an "after" of judge_case's starter), the opening quotes
/// _plan_uncached strips before a sentence's first word, other punctuation that is neither
/// \w, a digit nor cased, and the letters of Latin-1 and Latin Extended-A/B (str.isalpha()
/// and \w; a letter run touching one is skipped). Any other character: not handled.
const APOSTROPHE: u8 = 0x80;
const OPENING: u8 = 0x81;
const NEUTRAL: u8 = 0x82;
const LATIN: u8 = 0x83;

fn stand_in(c: char) -> Option<u8> {
    match c {
        '\u{2019}' => Some(APOSTROPHE),
        '\u{201C}' | '\u{2018}' => Some(OPENING),
        '\u{201D}'
        | '\u{201E}'
        | '\u{201A}'
        | '\u{2014}'
        | '\u{2013}'
        | '\u{2010}'..='\u{2012}'
        | '\u{2015}'
        | '\u{2026}'
        | '\u{AB}'
        | '\u{BB}'
        | '\u{2039}'
        | '\u{203A}'
        | '\u{B0}'
        | '\u{A3}'
        | '\u{A5}'
        | '\u{20AC}'
        | '\u{A2}'
        | '\u{B6}'
        | '\u{A7}'
        | '\u{2122}'
        | '\u{A9}'
        | '\u{AE}'
        | '\u{2022}'
        | '\u{B7}'
        | '\u{2020}'
        | '\u{2021}'
        | '\u{2032}'
        | '\u{2033}'
        | '\u{A1}'
        | '\u{BF}' => Some(NEUTRAL),
        '\u{D7}' | '\u{F7}' | '\u{130}' | '\u{131}' | '\u{17F}' => None,
        '\u{C0}'..='\u{24F}' => Some(LATIN),
        _ => None,
    }
}

/// The token in the planner's bytes: ASCII as is, the characters above as stand-ins; None
/// if it holds any other character.
fn planner_bytes(token: &str) -> Option<Vec<u8>> {
    if token.is_ascii() {
        return Some(token.as_bytes().to_vec());
    }
    token
        .chars()
        .map(|c| {
            if c.is_ascii() {
                Some(c as u8)
            } else {
                stand_in(c)
            }
        })
        .collect()
}

// -- the planner -----------------------------------------------------------------------------

/// One pass's planning settings and the reference's word lists and constants.
#[pyclass(frozen, module = "textfix_core")]
pub struct Planner {
    model: Py<SplitModel>,
    words: Py<WordSet>,
    lexicon: Py<Lexicon>,
    keep: FxSet<Box<str>>,
    /// glue_model.FUNCTION_WORDS (judge_run, judge_case)
    function: FxSet<Box<str>>,
    /// split_words._FUNCTION_WORDS (_case_junctions, _digit_junctions)
    split_function: FxSet<Box<str>>,
    starters: FxSet<Box<str>>,
    prefixes: FxSet<Box<str>>,
    name_prefixes: FxSet<Box<str>>,
    units: FxSet<Box<str>>,
    months: FxSet<Box<str>>,
    prior: Priors,
    structure: Structure,
    /// threshold - DOC_MAX - RATE_MAX, and threshold - RATE_MAX, as the reference computes them
    reach: f64,
    case_floor: f64,
    max_token: usize,
    rho: f64,
    total: f64,
    known: f64,
    typo_floor: f64,
    typo_rate: f64,
}

/// judge_run's result as the tests read it: (parts, kind, prior, lm, lexicon, structure).
type RunTerms = (Vec<String>, String, f64, f64, f64, f64);

/// glue_model.judge_run's result: the parts and the Evidence's terms.
struct Judged {
    parts: Vec<String>,
    kind: String,
    prior: f64,
    lm: f64,
    lexicon: f64,
    structure: f64,
}

struct Priors {
    lower: f64,
    compound: f64,
    slug: f64,
    start: f64,
    title: f64,
    case: f64,
    digit: f64,
}

struct Structure {
    starter: f64,
    function: f64,
    menu: f64,
    short_menu: f64,
    abbreviation: f64,
    known: f64,
    month: f64,
    prefix: f64,
    word: f64,
    words: f64,
}

fn number(numbers: &Bound<'_, PyDict>, name: &str) -> PyResult<f64> {
    numbers
        .get_item(name)?
        .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(name.to_string()))?
        .extract()
}

fn list(lists: &Bound<'_, PyDict>, name: &str) -> PyResult<FxSet<Box<str>>> {
    string_set(
        &lists
            .get_item(name)?
            .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(name.to_string()))?,
    )
}

/// Evidence.total with rate and document 0: prior + rate + lm + lexicon + structure + document.
#[inline]
fn total(prior: f64, lm: f64, lexicon: f64, structure: f64) -> f64 {
    prior + 0.0 + lm + lexicon + structure + 0.0
}

/// Python's max(0.0, x).
#[inline]
fn at_least_zero(x: f64) -> f64 {
    if x > 0.0 {
        x
    } else {
        0.0
    }
}

impl Planner {
    fn in_dictionary(&self, word: &str) -> bool {
        self.words.get().words.contains(word)
    }

    /// glue_model.known_word.
    fn known_word(&self, letters: &[u8]) -> bool {
        let low = lower(letters);
        self.lexicon.get().get(&low).is_some() || self.in_dictionary(&low)
    }

    /// split_words._context: a neighbour the language model has counts for.
    fn context<'a>(&self, word: Option<&'a str>) -> Option<&'a str> {
        word.filter(|w| self.model.get().counted(w))
    }

    /// glue_model._near_miss: the largest frequency of a typo target one edit away, or 0.
    fn near_miss(&self, word: &str) -> f64 {
        let lexicon = self.lexicon.get();
        let w = word.as_bytes();
        let mut best = 0.0f64;
        let mut buf: Vec<u8> = Vec::with_capacity(w.len() + 1);
        let mut check = |candidate: &[u8]| {
            if candidate == w {
                return;
            }
            if let Some(share) = lexicon.get(text(candidate)) {
                if share >= self.typo_floor && share > best {
                    best = share;
                }
            }
        };
        for i in 0..=w.len() {
            let (a, b) = w.split_at(i);
            if !b.is_empty() {
                buf.clear();
                buf.extend_from_slice(a);
                buf.extend_from_slice(&b[1..]);
                check(&buf);
            }
            if b.len() > 1 {
                buf.clear();
                buf.extend_from_slice(a);
                buf.extend_from_slice(&[b[1], b[0]]);
                buf.extend_from_slice(&b[2..]);
                check(&buf);
            }
            for c in b'a'..=b'z' {
                if !b.is_empty() {
                    buf.clear();
                    buf.extend_from_slice(a);
                    buf.push(c);
                    buf.extend_from_slice(&b[1..]);
                    check(&buf);
                }
                buf.clear();
                buf.extend_from_slice(a);
                buf.push(c);
                buf.extend_from_slice(b);
                check(&buf);
            }
        }
        best
    }

    /// glue_model.judge_run (rate and document 0) for an ASCII letter run.
    fn judge(
        &self,
        run: &[u8],
        previous: Option<&str>,
        following: Option<&str>,
        start: bool,
        floor: f64,
    ) -> PyResult<Option<Judged>> {
        let model = self.model.get();
        let low = lower(run);
        let Some(mut scored) = model.scored(&low, None, None)? else {
            return Ok(None);
        };
        if previous.is_some() || following.is_some() {
            if let Some(with_context) = model.scored(&low, previous, following)? {
                if with_context.lm < scored.lm {
                    scored = with_context;
                }
            }
        }
        let parts = &scored.parts;
        if parts
            .windows(2)
            .any(|w| w[0] == "a" && matches!(w[1].as_bytes()[0], b'a' | b'e' | b'i' | b'o' | b'u'))
        {
            return Ok(None);
        }
        let share = self.lexicon.get().get(&low).unwrap_or(0.0);
        let known = at_least_zero(share - self.rho * (scored.pair / self.total));
        let mut lex = 0.0;
        if known > 0.0 {
            lex = -at_least_zero(known.ln() - scored.alone) - self.known;
        }
        let run_lower = is_lower(run);
        let p = &self.prior;
        let (kind, mut prior) = if !run_lower {
            if start {
                ("start", p.start)
            } else {
                ("title", p.title)
            }
        } else if parts
            .iter()
            .any(|w| (w.len() >= 2 && self.function.contains(*w)) || *w == "a")
        {
            ("lower", p.lower)
        } else {
            ("compound", p.compound)
        };
        let structure = if kind == "compound" && self.prefixes.contains(parts[0]) {
            self.structure.prefix
        } else {
            0.0
        };
        let slug = parts.len() >= 3 && run_lower;
        if slug {
            prior += p.slug;
        }
        if scored.own == 0.0 && known == 0.0 && low.len() >= 5 && prior + scored.lm >= floor {
            let typo = self.near_miss(&low);
            if typo != 0.0 {
                lex = -at_least_zero((self.typo_rate * typo).ln() - scored.alone);
            }
        }
        Ok(Some(Judged {
            parts: parts.iter().map(|p| p.to_string()).collect(),
            kind: if slug {
                format!("{kind}, slug")
            } else {
                kind.to_string()
            },
            prior,
            lm: scored.lm,
            lexicon: lex,
            structure,
        }))
    }

    /// judge_run, then the caller's checks: whether the run gets a junction (its total
    /// reaches ``reach`` and split_words._letters_ok holds).
    fn run_splits(
        &self,
        run: &[u8],
        previous: Option<&str>,
        following: Option<&str>,
        start: bool,
    ) -> PyResult<bool> {
        let Some(judged) = self.judge(run, previous, following, start, self.reach)? else {
            return Ok(false);
        };
        if total(judged.prior, judged.lm, judged.lexicon, judged.structure) < self.reach {
            return Ok(false);
        }
        // _letters_ok: no single letter split off but "a" (and "I" starting a capitalized run)
        Ok(judged
            .parts
            .iter()
            .enumerate()
            .all(|(i, w)| w.len() > 1 || w == "a" || (w == "i" && i == 0 && run[0] == b'I')))
    }

    /// glue_model.judge_case's total.
    fn case_total(
        &self,
        left: &[u8],
        right: &[u8],
        after: &[u8],
        parts: usize,
        abbreviation: bool,
    ) -> f64 {
        let (structure, lex) = self.case_terms(left, right, after, parts, abbreviation);
        total(self.prior.case, 0.0, lex, structure)
    }

    /// glue_model.judge_case's structure and lexicon terms.
    fn case_terms(
        &self,
        left: &[u8],
        right: &[u8],
        after: &[u8],
        parts: usize,
        abbreviation: bool,
    ) -> (f64, f64) {
        let s = &self.structure;
        let mut sum = 0.0;
        if right.len() >= 2
            && self.starters.contains(lower(right).as_str())
            && (after.is_empty() || after == b"'" || after == [APOSTROPHE])
        {
            sum += s.starter;
        }
        if left.len() >= 2 && is_lower(left) && self.function.contains(text(left)) {
            sum += s.function;
        }
        if parts >= 4 {
            sum += s.menu;
        } else if parts == 3 {
            sum += s.short_menu;
        }
        if abbreviation {
            sum += s.abbreviation;
        }
        if left.len() >= 3
            && right.len() >= 3
            && self.in_dictionary(&lower(left))
            && self.in_dictionary(&lower(right))
        {
            sum += s.words;
        }
        let whole = lower(&[left, right].concat());
        let lex = if self.lexicon.get().get(&whole).is_some() {
            s.known
        } else {
            0.0
        };
        (sum, lex)
    }

    /// SplitWordsPass._case_junctions (not in prose, no glued junction found before, so the
    /// last words are the segments): whether one junction reaches the floor.
    fn case_junction(&self, token: &[u8], offset: usize, segs: &[(usize, usize)]) -> bool {
        if segs.len() < 2 {
            return false;
        }
        let words: Vec<&[u8]> = segs
            .iter()
            .map(|&(a, b)| &token[offset + a..offset + b])
            .collect();
        let titled: Vec<bool> = words
            .iter()
            .map(|w| {
                w.len() >= 3
                    && w[0].is_ascii_uppercase()
                    && is_lower(&w[1..])
                    && self.known_word(w)
                    && !self.split_function.contains(lower(w).as_str())
            })
            .collect();
        let mut stretch = vec![0usize; words.len()];
        let mut i = 0;
        while i < words.len() {
            let mut j = i;
            while j < words.len() && titled[j] {
                j += 1;
            }
            for k in stretch.iter_mut().take(j).skip(i) {
                *k = j - i;
            }
            i = j.max(i + 1);
        }
        for number in 1..words.len() {
            let (left, right) = (words[number - 1], words[number]);
            let acronym =
                right.len() > 1 && is_upper(right) && !self.split_function.contains(text(left));
            if !right[0].is_ascii_uppercase() || acronym || left.len() < 2 {
                continue;
            }
            let left_upper = is_upper(left);
            if (left_upper || right.len() == 2)
                && !(self.starters.contains(lower(right).as_str())
                    && right.len() >= if left_upper { 3 } else { 2 })
            {
                continue;
            }
            let left_low = lower(left);
            if self.name_prefixes.contains(left_low.as_str())
                || self.keep.contains(left_low.as_str())
                || self.keep.contains(lower(&[left, right].concat()).as_str())
            {
                continue;
            }
            let end = offset + segs[number].1;
            let after = &token[end..(end + 1).min(token.len())];
            let abbr = abbreviation(token, offset + segs[number].0);
            let inside = titled[number - 1] && titled[number];
            let menu_parts = if inside || (number == 1 && is_lower(left) && titled[number]) {
                stretch[number]
            } else {
                0
            };
            let parts = if menu_parts >= 3 { menu_parts } else { 2 };
            if self.case_total(left, right, after, parts, abbr) >= self.case_floor {
                return true;
            }
        }
        false
    }

    /// SplitWordsPass._digit_junctions: whether one junction of piece ``index`` reaches the floor.
    fn digit_junction(&self, token: &[u8], pieces: &[(usize, usize)], index: usize) -> bool {
        let piece = pieces[index];
        let segs = segments(&token[piece.0..piece.1]);
        let get = |i: isize| (i >= 0 && (i as usize) < pieces.len()).then(|| pieces[i as usize]);
        let digits =
            |i: isize| get(i).is_some_and(|(a, b)| token[a..b].iter().all(u8::is_ascii_digit));
        let index = index as isize;
        for other in [index - 1, index + 1] {
            if !digits(other) {
                continue;
            }
            let number = get(other).unwrap();
            let (a, b) = if other < index {
                segs[0]
            } else {
                segs[segs.len() - 1]
            };
            let letters = &token[piece.0 + a..piece.0 + b];
            let low = lower(letters);
            if (other < index && number.1 != piece.0) || (other > index && number.0 != piece.1) {
                continue;
            }
            let letters_lower = is_lower(letters);
            if letters_lower && digits(index - 1) && digits(index + 1) {
                continue;
            }
            let beyond = 2 * other - index;
            if let Some((c, d)) = get(beyond) {
                let word = &token[c..d];
                if is_lower(word)
                    && letters_lower
                    && !self.in_dictionary(text(word))
                    && (beyond < other || !self.units.contains(text(word)))
                    && (c == number.1 || d == number.0)
                {
                    continue;
                }
            }
            let cased = letters_lower || is_lower(&letters[1..]);
            let s = &self.structure;
            let structure = if low.len() >= 2
                && self.split_function.contains(low.as_str())
                && low != "no"
                && cased
                && (other > index || number.1 - number.0 >= 2)
            {
                s.function
            } else if self.months.contains(low.as_str()) && letters[0].is_ascii_uppercase() {
                s.month
            } else if low.len() >= 3
                && self.in_dictionary(&low)
                && !self.units.contains(low.as_str())
                && cased
            {
                s.word
            } else {
                0.0
            };
            if total(self.prior.digit, 0.0, 0.0, structure) >= self.case_floor {
                return true;
            }
        }
        false
    }

    /// bool(SplitWordsPass._plan_uncached(token, None, None, True)) for a token in planner bytes.
    fn plans(&self, token: &[u8]) -> PyResult<bool> {
        if token.len() > self.max_token || code_like(token) || domain_end(token) {
            return Ok(false);
        }
        let pieces = pieces(token);
        for (index, &(start, end)) in pieces.iter().enumerate() {
            let run = &token[start..end];
            if run[0].is_ascii_digit() {
                continue;
            }
            // a run touching a letter outside ASCII is a word of another language ("Zürich");
            // one touching a hyphen is part of a compound ("co-representability")
            let stops = |b: u8| b == b'-' || b == LATIN;
            if (start > 0 && stops(token[start - 1])) || token.get(end).is_some_and(|&b| stops(b)) {
                continue;
            }
            let segs = segments(run);
            let odd = segs.iter().any(|&(a, b)| b - a > 1 && is_upper(&run[a..b]))
                && segs.iter().any(|&(a, _)| run[a].is_ascii_lowercase());
            let handle = is_lower(run) && token.get(end).is_some_and(u8::is_ascii_digit);
            let lows: Vec<String> = segs.iter().map(|&(a, b)| lower(&run[a..b])).collect();
            for (number, &(a, b)) in segs.iter().enumerate() {
                let word = &run[a..b];
                let low = &lows[number];
                if odd
                    || handle
                    || word.len() < 3
                    || !(is_lower(word) || is_lower(&word[1..]))
                    || self.keep.contains(low.as_str())
                    || self.in_dictionary(low)
                {
                    continue;
                }
                let before = if number > 0 {
                    Some(lows[number - 1].as_str())
                } else {
                    None
                };
                let after = lows.get(number + 1).map(String::as_str);
                let first = index == 0
                    && number == 0
                    && token[..start]
                        .iter()
                        .all(|b| b"\"'([".contains(b) || *b == OPENING);
                if self.run_splits(word, self.context(before), self.context(after), first)? {
                    return Ok(true);
                }
            }
            if self.case_junction(token, start, &segs) || self.digit_junction(token, &pieces, index)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

#[pymethods]
impl Planner {
    #[new]
    fn new(
        model: Py<SplitModel>,
        words: Py<WordSet>,
        lexicon: Py<Lexicon>,
        keep: &Bound<'_, PyAny>,
        lists: &Bound<'_, PyDict>,
        numbers: &Bound<'_, PyDict>,
    ) -> PyResult<Self> {
        let n = |name: &str| number(numbers, name);
        Ok(Planner {
            model,
            words,
            lexicon,
            keep: string_set(keep)?,
            function: list(lists, "function")?,
            split_function: list(lists, "split_function")?,
            starters: list(lists, "starters")?,
            prefixes: list(lists, "prefixes")?,
            name_prefixes: list(lists, "name_prefixes")?,
            units: list(lists, "units")?,
            months: list(lists, "months")?,
            prior: Priors {
                lower: n("lower")?,
                compound: n("compound")?,
                slug: n("slug")?,
                start: n("start")?,
                title: n("title")?,
                case: n("case")?,
                digit: n("digit")?,
            },
            structure: Structure {
                starter: n("starter")?,
                function: n("function")?,
                menu: n("menu")?,
                short_menu: n("short menu")?,
                abbreviation: n("abbreviation")?,
                known: n("known")?,
                month: n("month")?,
                prefix: n("prefix")?,
                word: n("word")?,
                words: n("words")?,
            },
            reach: n("reach")?,
            case_floor: n("case_floor")?,
            max_token: n("max_token")? as usize,
            rho: n("rho")?,
            total: n("total")?,
            known: n("KNOWN")?,
            typo_floor: n("typo_floor")?,
            typo_rate: n("typo_rate")?,
        })
    }

    /// glue_model.judge_run on an ASCII letter run, with this planner's prior table:
    /// (parts, kind, prior, lm, lexicon, structure) or None (for the differential tests).
    #[pyo3(signature = (run, previous, following, start, floor))]
    fn judge_run(
        &self,
        run: &str,
        previous: Option<&str>,
        following: Option<&str>,
        start: bool,
        floor: f64,
    ) -> PyResult<Option<RunTerms>> {
        if !run.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "an ASCII letter run",
            ));
        }
        let judged = self.judge(
            run.as_bytes(),
            truthy(previous),
            truthy(following),
            start,
            floor,
        )?;
        Ok(judged.map(|j| (j.parts, j.kind, j.prior, j.lm, j.lexicon, j.structure)))
    }

    /// glue_model.judge_case's (structure, lexicon) on ASCII words (for the differential tests).
    fn judge_case(
        &self,
        left: &str,
        right: &str,
        after: &str,
        parts: usize,
        abbreviation: bool,
    ) -> (f64, f64) {
        let after = if after == "\u{2019}" {
            vec![APOSTROPHE]
        } else {
            after.as_bytes().to_vec()
        };
        self.case_terms(
            left.as_bytes(),
            right.as_bytes(),
            &after,
            parts,
            abbreviation,
        )
    }

    /// bool(SplitWordsPass._plan_uncached(token, None, None, True)), or None for a token
    /// with a character beyond those planner_bytes stands in for (not handled).
    pub(crate) fn planned(&self, token: &str) -> PyResult<Option<bool>> {
        match planner_bytes(token) {
            Some(bytes) => self.plans(&bytes).map(Some),
            None => Ok(None),
        }
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Lexicon>()?;
    m.add_class::<Planner>()?;
    Ok(())
}
