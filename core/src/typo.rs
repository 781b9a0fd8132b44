//! glue_model._near_miss by a trie walk: the largest frequency of a lexicon word one edit
//! (delete, transpose, replace, insert of a letter a-z) from a lowercase run, if at least the
//! typo floor, else 0.
//!
//! The reference looks up every one of the 54n + 25 strings one edit from the word (n its
//! letters): each a probe of a large hash table, most of them cache misses (about 60 us for
//! a ten-letter run, most of split-words' planning of a new token). Here the lexicon's words
//! of the floor or more, of letters a-z only (no other string is one edit from a run of
//! a-z), sit in a trie; the walk follows the word's prefix and, at each place, only the
//! letters the trie holds there. Same set of words found, so the same maximum (a maximum
//! does not depend on the order). A word with another character, or a floor other than
//! the one the trie was built for, is not handled: the caller enumerates as before.

use pyo3::prelude::*;
use std::sync::OnceLock;

/// One trie node: its children are nodes[first .. first + count], sorted by letter.
#[derive(Clone, Copy)]
struct Node {
    first: u32,
    count: u8,
    letter: u8,
    /// the word's frequency if a word ends here, else a negative number
    share: f64,
}

struct Trie {
    floor: f64,
    nodes: Vec<Node>,
}

/// The lexicon's words of letters a-z with their frequencies; the trie of those at the typo
/// floor, built on the first question (a process that never asks does not pay for it).
pub(crate) struct TypoIndex {
    arena: Vec<u8>,
    words: Vec<(u32, u32, f64)>,
    trie: OnceLock<Trie>,
}

fn is_run(word: &[u8]) -> bool {
    !word.is_empty() && word.iter().all(u8::is_ascii_lowercase)
}

impl TypoIndex {
    pub(crate) fn new() -> Self {
        TypoIndex {
            arena: Vec::new(),
            words: Vec::new(),
            trie: OnceLock::new(),
        }
    }

    /// Remember a lexicon word (one of letters a-z; others are left out).
    pub(crate) fn add(&mut self, word: &str, share: f64) {
        let bytes = word.as_bytes();
        if is_run(bytes) {
            self.words
                .push((self.arena.len() as u32, bytes.len() as u32, share));
            self.arena.extend_from_slice(bytes);
        }
    }

    fn word(&self, entry: &(u32, u32, f64)) -> &[u8] {
        &self.arena[entry.0 as usize..(entry.0 + entry.1) as usize]
    }

    fn build(&self, floor: f64) -> Trie {
        let mut chosen: Vec<&(u32, u32, f64)> =
            self.words.iter().filter(|w| w.2 >= floor).collect();
        chosen.sort_by(|a, b| self.word(a).cmp(self.word(b)));
        chosen.dedup_by(|a, b| self.word(a) == self.word(b));
        let mut nodes = vec![Node {
            first: 0,
            count: 0,
            letter: 0,
            share: -1.0,
        }];
        // breadth first: (node, chosen[lo..hi] share the node's prefix of `depth` letters)
        let mut queue = std::collections::VecDeque::from([(0usize, 0usize, chosen.len(), 0usize)]);
        while let Some((node, mut lo, hi, depth)) = queue.pop_front() {
            if lo < hi && self.word(chosen[lo]).len() == depth {
                nodes[node].share = chosen[lo].2;
                lo += 1;
            }
            let first = nodes.len();
            let mut at = lo;
            while at < hi {
                let letter = self.word(chosen[at])[depth];
                let mut end = at + 1;
                while end < hi && self.word(chosen[end])[depth] == letter {
                    end += 1;
                }
                queue.push_back((nodes.len(), at, end, depth + 1));
                nodes.push(Node {
                    first: 0,
                    count: 0,
                    letter,
                    share: -1.0,
                });
                at = end;
            }
            nodes[node].first = first as u32;
            nodes[node].count = (nodes.len() - first) as u8;
        }
        Trie { floor, nodes }
    }

    /// glue_model._near_miss(word) with targets of frequency ``floor`` or more, or None
    /// where the trie does not answer (a character other than a-z, another floor).
    pub(crate) fn near_miss(&self, word: &[u8], floor: f64) -> Option<f64> {
        if !is_run(word) {
            return None;
        }
        let trie = self.trie.get_or_init(|| self.build(floor));
        if trie.floor.to_bits() != floor.to_bits() {
            return None;
        }
        Some(trie.near_miss(word))
    }
}

impl Trie {
    #[inline]
    fn child(&self, node: usize, letter: u8) -> Option<usize> {
        let n = &self.nodes[node];
        let first = n.first as usize;
        self.nodes[first..first + n.count as usize]
            .binary_search_by(|c| c.letter.cmp(&letter))
            .ok()
            .map(|i| first + i)
    }

    /// The share of the word spelt by ``rest`` from ``node`` on, if it is one.
    #[inline]
    fn share(&self, mut node: usize, rest: &[u8]) -> Option<f64> {
        for &letter in rest {
            node = self.child(node, letter)?;
        }
        let share = self.nodes[node].share;
        (share >= 0.0).then_some(share)
    }

    fn near_miss(&self, w: &[u8]) -> f64 {
        let mut best = 0.0f64;
        let mut keep = |share: Option<f64>| {
            if let Some(share) = share {
                if share >= self.floor && share > best {
                    best = share;
                }
            }
        };
        // node: the trie node of w[..i]
        let mut node = 0usize;
        for i in 0..=w.len() {
            let rest = &w[i..];
            if !rest.is_empty() {
                keep(self.share(node, &rest[1..])); // delete w[i]
            }
            if rest.len() > 1 && rest[0] != rest[1] {
                // transpose w[i], w[i + 1] (equal letters give the word itself)
                if let Some(next) = self.child(node, rest[1]) {
                    if let Some(next) = self.child(next, rest[0]) {
                        keep(self.share(next, &rest[2..]));
                    }
                }
            }
            let n = self.nodes[node];
            for c in n.first as usize..(n.first as usize + n.count as usize) {
                let letter = self.nodes[c].letter;
                if !rest.is_empty() && letter != rest[0] {
                    keep(self.share(c, &rest[1..])); // replace w[i] (by itself: the word)
                }
                keep(self.share(c, rest)); // insert before w[i]
            }
            if i == w.len() {
                break;
            }
            match self.child(node, w[i]) {
                Some(next) => node = next,
                None => break,
            }
        }
        best
    }
}

/// The trie's answer for ``word`` (None: not handled), for the differential tests against
/// glue_model._near_miss.
#[pyfunction]
fn typo_near_miss(lexicon: &Bound<'_, crate::plan::Lexicon>, word: &str, floor: f64) -> Option<f64> {
    lexicon.get().typo.near_miss(word.as_bytes(), floor)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(typo_near_miss, m)?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(words: &[(&str, f64)]) -> TypoIndex {
        let mut index = TypoIndex::new();
        for (w, s) in words {
            index.add(w, *s);
        }
        index
    }

    #[test]
    fn finds_each_kind_of_edit() {
        let idx = index(&[("word", 0.5), ("words", 0.25), ("wrod", 0.125), ("ward", 0.0625), ("rare", 1e-9)]);
        assert_eq!(idx.near_miss(b"wor", 1e-7), Some(0.5)); // insert
        assert_eq!(idx.near_miss(b"wordss", 1e-7), Some(0.25)); // delete
        assert_eq!(idx.near_miss(b"word", 1e-7), Some(0.25)); // itself left out
        assert_eq!(idx.near_miss(b"wrad", 1e-7), Some(0.125)); // replace
        assert_eq!(idx.near_miss(b"owrd", 1e-7), Some(0.5)); // transpose
        assert_eq!(idx.near_miss(b"rarex", 1e-7), Some(0.0)); // under the floor
        assert_eq!(idx.near_miss(b"Word", 1e-7), None);
        assert_eq!(idx.near_miss(b"word", 1e-6), None); // another floor
    }
}
