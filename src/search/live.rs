//! The search index of `loa serve`, kept between saves: each page's interned term counts stay in
//! memory, so after a save only the edited page is tokenized again. The postings of every page
//! are then recomputed from the kept counts (BM25F impacts depend on the average field lengths
//! of all pages, which an edit changes) and the files are encoded by the same writer as
//! `loa build`'s, so the result is byte for byte what a full build writes.
//!
//! A page is known by its URL and by the shared (`Arc`) page and rendered text it was indexed
//! from: the session replaces those of an edited page and keeps the others, so a page whose
//! `Arc`s are the same as last time has the same text. The kept `Arc`s also keep the pointers
//! from being reused by another page. Section list pages are known by a digest of their doc.

use super::index::{self, Compact, Interner, Posting, TermIndex, TermKey, FIELDS, LOCAL_BITS};
use super::{SearchDoc, SearchOptions, SearchOutput};
use crate::content::Page;
use crate::markdown::Rendered;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

/// What a page's search doc was made from (`None` for section list pages, which are known by a
/// digest of their doc instead: they are few and short).
pub(crate) type Source = Option<(Arc<Page>, Arc<Rendered>)>;

/// What tells that a doc is the one indexed last time.
enum Key {
    Arcs(Arc<Page>, Arc<Rendered>),
    Digest(u64, u64),
}

impl Key {
    fn of(doc: &SearchDoc, source: &Source) -> Key {
        match source {
            Some((p, r)) => Key::Arcs(p.clone(), r.clone()),
            None => {
                let (a, b) = digest(format!("{doc:?}").as_bytes());
                Key::Digest(a, b)
            }
        }
    }

    fn same(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Arcs(p, r), Key::Arcs(q, s)) => Arc::ptr_eq(p, q) && Arc::ptr_eq(r, s),
            (Key::Digest(a, b), Key::Digest(c, d)) => (a, b) == (c, d),
            _ => false,
        }
    }
}

/// Two independent 64-bit hashes of `bytes`: tells changed text (or file bytes) from unchanged
/// without keeping them.
pub(crate) fn digest(bytes: &[u8]) -> (u64, u64) {
    use std::hash::{BuildHasher, Hasher};
    let mut a = std::hash::DefaultHasher::new();
    a.write(bytes);
    (a.finish(), rustc_hash::FxBuildHasher.hash_one(bytes))
}

/// The kept index: interned terms (ids never change while it lives) and each page's counts.
pub(crate) struct LiveIndex {
    interner: Interner,
    /// The key of each interned term, by shard and number within the shard; taken out while a
    /// [`TermIndex`] made from them is written.
    keys: Vec<Vec<Option<TermKey>>>,
    /// Every interned term id, in [`TermKey`] order (the order of the index's terms).
    order: Vec<u32>,
    /// URL → what the page was indexed from and its counts.
    pages: HashMap<String, (Key, Arc<Compact>)>,
    /// The index term by term, by shard and number like `keys`: (page, counts per field) in
    /// page order. Patched for the pages a save changed, so the postings are then read term by
    /// term instead of scattered page by page over millions of lists.
    lists: Lists,
    /// The URLs in page order when `lists` was made: another set of pages renumbers them, and
    /// `lists` is made again.
    urls: Vec<String>,
}

type Lists = Vec<Vec<Vec<(u32, [u16; FIELDS])>>>;

fn split(id: u32) -> (usize, usize) {
    (
        (id >> LOCAL_BITS) as usize,
        (id & ((1 << LOCAL_BITS) - 1)) as usize,
    )
}

impl LiveIndex {
    pub(crate) fn new() -> Self {
        LiveIndex {
            interner: Interner::new(),
            keys: (0..1 << index::SHARD_BITS).map(|_| Vec::new()).collect(),
            order: Vec::new(),
            pages: HashMap::default(),
            lists: Vec::new(),
            urls: Vec::new(),
        }
    }

    /// The index files for `docs` (each with what it was made from), as [`super::build_index`]
    /// writes them for the same docs, and the number of docs tokenized (the others' counts were
    /// kept from the last update).
    pub(crate) fn update(
        &mut self,
        docs: Vec<(SearchDoc, Source)>,
        opts: &SearchOptions,
    ) -> (SearchOutput, usize) {
        let mut docs = docs;
        docs.sort_by(|a, b| a.0.url.cmp(b.0.url));
        let keys: Vec<Key> = docs.iter().map(|(d, s)| Key::of(d, s)).collect();
        let kept: Vec<Option<Arc<Compact>>> = docs
            .iter()
            .zip(&keys)
            .map(|((d, _), key)| {
                self.pages
                    .get(d.url)
                    .filter(|(k, _)| k.same(key))
                    .map(|(_, c)| c.clone())
            })
            .collect();
        let interner = &self.interner;
        let compacts: Vec<Arc<Compact>> = docs
            .par_iter()
            .zip(kept)
            .map(|((d, _), k)| k.unwrap_or_else(|| Arc::new(Compact::of(d, interner))))
            .collect();
        let tokenized = compacts
            .iter()
            .zip(&docs)
            .filter(|(c, (d, _))| {
                self.pages
                    .get(d.url)
                    .is_none_or(|(_, old)| !Arc::ptr_eq(old, c))
            })
            .count();
        self.learn_new_terms();
        let same_pages = !self.lists.is_empty()
            && self.urls.len() == docs.len()
            && self.urls.iter().zip(&docs).all(|(u, (d, _))| u == d.url);
        if same_pages {
            // Room for the terms interned since the last update.
            for (list, k) in self.lists.iter_mut().zip(&self.keys) {
                list.resize(k.len(), Vec::new());
            }
            for (i, ((d, _), new)) in docs.iter().zip(&compacts).enumerate() {
                let old = &self.pages[d.url].1;
                if !Arc::ptr_eq(old, new) {
                    patch(&mut self.lists, i as u32, old, new);
                }
            }
        } else {
            self.lists = lists_of(&self.keys, &compacts);
            self.urls = docs.iter().map(|(d, _)| d.url.to_string()).collect();
        }
        self.pages = docs
            .iter()
            .zip(keys)
            .zip(&compacts)
            .map(|(((d, _), k), c)| (d.url.to_string(), (k, c.clone())))
            .collect();
        let (ix, ids) = self.term_index(&compacts);
        let order: Vec<&SearchDoc> = docs.iter().map(|(d, _)| d).collect();
        let out = super::shard::write(&order, &ix, opts);
        for ((key, _), id) in ix.terms.into_iter().zip(ids) {
            let (s, l) = split(id);
            self.keys[s][l] = Some(key);
        }
        (out, tokenized)
    }

    /// Gives the terms interned since the last update their keys and places in `order`.
    fn learn_new_terms(&mut self) {
        let mut new: Vec<u32> = Vec::new();
        for s in 0..self.keys.len() {
            let from = self.keys[s].len();
            let names = self.interner.names_from(s, from);
            for (k, name) in names.iter().enumerate() {
                new.push((s << LOCAL_BITS | (from + k)) as u32);
                self.keys[s].push(Some(TermKey::new(name.clone())));
            }
        }
        if new.is_empty() {
            return;
        }
        let keys = &self.keys;
        let key = |id: &u32| {
            let (s, l) = split(*id);
            keys[s][l]
                .as_ref()
                .expect("keys are in place between updates")
        };
        if new.len() * 8 > self.order.len() {
            self.order.extend(new);
            self.order.par_sort_unstable_by(|a, b| key(a).cmp(key(b)));
        } else {
            for id in new {
                let at = self
                    .order
                    .binary_search_by(|o| key(o).cmp(key(&id)))
                    .unwrap_or_else(|at| at);
                self.order.insert(at, id);
            }
        }
    }

    /// The postings of `pages` (page `i` is `pages[i]`, as in `lists`) under every term that
    /// has any, in key order, with the keys taken out of `self.keys` (put back after writing),
    /// and the ids of those terms in the same order. Impacts are computed again for every
    /// posting: they depend on the average field lengths, which any edit may change.
    fn term_index(&mut self, pages: &[Arc<Compact>]) -> (TermIndex, Vec<u32>) {
        let avg = index::averages(pages.iter().map(|c| &**c));
        let mut terms = Vec::new();
        let mut ids = Vec::new();
        for &id in &self.order {
            let (s, l) = split(id);
            let list = &self.lists[s][l];
            if !list.is_empty() {
                let postings: Vec<Posting> = list
                    .iter()
                    .map(|&(page, tf)| pages[page as usize].posting(page, tf, &avg))
                    .collect();
                let key = self.keys[s][l].take().expect("keys are in place");
                terms.push((key, postings));
                ids.push(id);
            }
        }
        (TermIndex { terms }, ids)
    }
}

/// The index term by term, from every page's counts (page `i` is `pages[i]`).
fn lists_of(keys: &[Vec<Option<TermKey>>], pages: &[Arc<Compact>]) -> Lists {
    let mut lists: Lists = keys.iter().map(|k| vec![Vec::new(); k.len()]).collect();
    for (i, p) in pages.iter().enumerate() {
        for &(id, tf) in p.terms() {
            let (s, l) = split(id);
            lists[s][l].push((i as u32, tf));
        }
    }
    lists
}

/// Replaces page `page`'s entries in `lists`: out of the terms of `old`, into those of `new`
/// (each list stays in page order).
fn patch(lists: &mut Lists, page: u32, old: &Compact, new: &Compact) {
    for &(id, _) in old.terms() {
        let (s, l) = split(id);
        let list = &mut lists[s][l];
        if let Ok(at) = list.binary_search_by_key(&page, |e| e.0) {
            list.remove(at);
        }
    }
    for &(id, tf) in new.terms() {
        let (s, l) = split(id);
        let list = &mut lists[s][l];
        match list.binary_search_by_key(&page, |e| e.0) {
            Ok(at) => list[at] = (page, tf),
            Err(at) => list.insert(at, (page, tf)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchSection;

    fn doc<'a>(url: &'a str, body: &str) -> SearchDoc<'a> {
        let section = SearchSection {
            anchor: String::new(),
            heading: String::new(),
            level: 0,
            text: body.into(),
        };
        SearchDoc::one_section(url, "Trang", section)
    }

    fn opts() -> SearchOptions {
        SearchOptions {
            lang: crate::text::Lang::Vi,
            shard_size: 2_000,
            synonyms: Vec::new(),
        }
    }

    fn bytes(out: &SearchOutput) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = out
            .files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn an_update_writes_what_a_full_index_writes() {
        let texts = [
            "bạo lực gia đình là hành vi cố ý",
            "bình đẳng giới trong gia đình và xã hội",
            "phòng chống bạo lực với phụ nữ và trẻ em",
        ];
        let urls = ["a/index.html", "b/index.html", "c/index.html"];
        let mut live = LiveIndex::new();
        let docs: Vec<_> = urls
            .iter()
            .zip(texts)
            .map(|(u, t)| (doc(u, t), None))
            .collect();
        let (first, n) = live.update(docs, &opts());
        assert_eq!(n, 3);
        let plain: Vec<_> = urls.iter().zip(texts).map(|(u, t)| doc(u, t)).collect();
        assert_eq!(
            bytes(&first),
            bytes(&super::super::build_index(&plain, &opts()))
        );
        // A new word in, an old one out (the same pages: the kept lists are patched).
        let edited = "bình đẳng giới trong gia đình và kangaroo";
        let docs: Vec<_> = urls
            .iter()
            .zip([texts[0], edited, texts[2]])
            .map(|(u, t)| (doc(u, t), None))
            .collect();
        let (patched, n) = live.update(docs, &opts());
        assert_eq!(n, 1, "the unchanged pages' terms are kept");
        let plain: Vec<_> = urls
            .iter()
            .zip([texts[0], edited, texts[2]])
            .map(|(u, t)| doc(u, t))
            .collect();
        assert_eq!(
            bytes(&patched),
            bytes(&super::super::build_index(&plain, &opts()))
        );
        // And a page gone, another edited back (the lists are made again).
        let docs = vec![
            (doc(urls[0], texts[0]), None),
            (doc(urls[1], texts[1]), None),
        ];
        let (second, n) = live.update(docs, &opts());
        assert_eq!(n, 1, "the unchanged page's terms are kept");
        let plain = [doc(urls[0], texts[0]), doc(urls[1], texts[1])];
        assert_eq!(
            bytes(&second),
            bytes(&super::super::build_index(&plain, &opts()))
        );
    }
}
