//! Term statistics: which page holds which term, and how strongly (BM25F, computed at build time).
//!
//! Postings are per page, not per section: a page-level list stays small enough for the browser
//! (a 10,000-page site's commonest word costs about two bytes a page), and the browser finds the best
//! section of a shown hit from that page's text, which it loads anyway for the snippet.
//!
//! Each posting carries an *impact*: the BM25 term-frequency part, with field weights and length
//! normalisation (BM25F), quantised to 1..=15, and two flags: the term is in the title; the term
//! is in the document's type and number ("Nghị quyết 11-NQ/TW"). The browser multiplies the impact
//! by the term's IDF, which it computes from the posting list's length, so the ranking is BM25F
//! without shipping statistics; the flags add fixed bonuses, because BM25's saturation otherwise
//! lets a page that repeats a phrase in its body tie with the page titled with it, and a page
//! titled "Mục tiêu của Nghị quyết 11" tie with Nghị quyết 11 itself.

use super::tokenize::{count_words, Spellings, Term};
use super::SearchDoc;
use crate::text::fold;
use count::Counter;
use rayon::prelude::*;

mod blocks;
mod count;
mod intern;
mod list;
mod order;
mod table;
pub(crate) use intern::{hash as term_hash, Interner, Names, LOCAL_BITS, SHARD_BITS};
pub(crate) use list::{List, SPARE};
pub(crate) use order::JsString;
pub(crate) use table::prefetch;

/// The parts of a page that are indexed, with their weight and length-normalisation strength.
#[derive(Debug, Clone, Copy)]
enum Field {
    Title,
    /// Document type and number: `Nghị quyết 11-NQ/TW`.
    Meta,
    /// Tags (and the document type again).
    Tags,
    Headings,
    Summary,
    Body,
}

pub(crate) const FIELDS: usize = 6;
const WEIGHT: [f64; FIELDS] = [6.0, 8.0, 2.0, 3.0, 2.0, 1.0];
const B: [f64; FIELDS] = [0.3, 0.0, 0.0, 0.5, 0.5, 0.75];
const K1: f64 = 3.0;
/// A section's list page or the home page repeats the words of the pages it lists: it is found,
/// with this share of the weight, so a topic on the subject stays above its section.
const LIST_WEIGHT: f64 = 0.5;
/// Impact and the two flags share one character of a 64-letter alphabet.
pub(crate) const MAX_IMPACT: u8 = 15;

/// Where a term sorts: by its fold (the key the browser looks up), the folded term itself before
/// its exact variants, so a shard never separates them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TermKey {
    /// The fold's first bytes as one number ([`sort_prefix`]), which orders most pairs of keys
    /// in one comparison: sorting the terms by their strings alone was a tenth of the index.
    prefix: u64,
    pub group: JsString,
    pub exact: bool,
    pub term: JsString,
}

impl TermKey {
    pub(crate) fn new(term: String) -> TermKey {
        let group = fold(&term);
        let exact = group != term;
        TermKey {
            prefix: sort_prefix(&group),
            group: JsString(group),
            exact,
            term: JsString(term),
        }
    }
}

/// The first eight bytes of `s`, the first byte highest, that order strings as [`JsString`]
/// does whenever the numbers differ: after the end of `s`, zeros (a string sorts before the
/// longer ones it begins); from a byte of 0xEE or more on, where UTF-16 order may differ from
/// the bytes' (`JsString`'s comparison), 0xFF, which no byte of UTF-8 is: such a string sorts
/// after one with a smaller byte there, and two of them get the same number and are compared
/// in full. Strings of search terms hold no zero byte.
fn sort_prefix(s: &str) -> u64 {
    let mut key = [0u8; 8];
    for (k, &b) in key.iter_mut().zip(s.as_bytes()) {
        if b >= 0xEE {
            break;
        }
        *k = b;
    }
    if let Some(at) = s.as_bytes().iter().take(8).position(|&b| b >= 0xEE) {
        key[at..].fill(0xFF);
    }
    u64::from_be_bytes(key)
}

/// One page's use of one term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Posting {
    pub page: u32,
    pub impact: u8,
    /// The term is in the title.
    pub in_title: bool,
    /// The term is in the document's type and number.
    pub in_meta: bool,
}

/// Every term with its postings (in page order), sorted by [`TermKey`].
pub(crate) struct TermIndex {
    pub terms: Vec<(TermKey, List)>,
}

#[cfg(test)]
impl TermIndex {
    /// The index of terms sorted by key, with their postings.
    pub(crate) fn of_lists(terms: Vec<(TermKey, Vec<Posting>)>) -> TermIndex {
        let terms = terms
            .into_iter()
            .map(|(k, list)| (k, list.into_iter().collect()))
            .collect();
        TermIndex { terms }
    }
}

/// What a thread counting pages' terms reuses from page to page: the terms it met (with their
/// counts on the page being counted) and the forms of the spellings met so far.
#[derive(Default)]
struct Scratch {
    counts: Counter<FIELDS>,
    spellings: Spellings,
    /// A text's terms, as the spellings gave them, before they are counted.
    terms: Vec<Term>,
}

/// Calls `visit` with each indexed text of `doc` and its field.
fn visit_fields(doc: &SearchDoc, mut visit: impl FnMut(Field, &str)) {
    visit(Field::Title, doc.title);
    if let Some(number) = doc.number {
        visit(
            Field::Meta,
            &format!("{} {number}", doc.doc_type.unwrap_or("")),
        );
    }
    // How texts cite a document ("Luật BĐG", "CT 21") counts like its number.
    for m in doc
        .mentions
        .iter()
        .filter(|m| Some(m.as_str()) != doc.number)
    {
        visit(Field::Meta, m);
    }
    visit(Field::Tags, &doc.tags.join(" · "));
    if let Some(t) = doc.doc_type {
        visit(Field::Tags, t);
    }
    // Keywords weigh like tags: the editor's own words for what the page is about.
    for k in doc.keywords {
        visit(Field::Tags, k);
    }
    visit(Field::Summary, doc.summary);
    for s in doc.sections.iter() {
        visit(Field::Headings, &s.heading);
        visit(Field::Body, &s.text);
    }
}

/// Counts the terms of `doc` per field into `scratch.counts` (as a new page); returns the field
/// lengths in words.
fn count_terms(doc: &SearchDoc, scratch: &mut Scratch) -> [u32; FIELDS] {
    let Scratch {
        counts,
        spellings,
        terms,
    } = scratch;
    counts.next_page(spellings.trim());
    let mut lengths = [0; FIELDS];
    visit_fields(doc, |field, text| {
        let f = field as usize;
        terms.clear();
        lengths[f] += spellings.visit(text, |term| terms.push(term)) as u32;
        counts.add_all(terms, f);
    });
    counts.resolve(spellings);
    lengths
}

/// The field lengths in words that [`count_terms`] returns, without counting terms.
fn field_lengths(doc: &SearchDoc) -> [u32; FIELDS] {
    let mut lengths = [0; FIELDS];
    visit_fields(doc, |field, text| {
        lengths[field as usize] += count_words(text) as u32;
    });
    lengths
}

/// One page's terms after interning: (term id, counts per field), and the field lengths.
/// Sixteen bytes a term instead of a string per page: a 10,000-page site has tens of millions
/// of (page, term) pairs, word pairs included.
pub(crate) struct Compact {
    terms: Vec<(u32, [u16; FIELDS])>,
    lengths: [u32; FIELDS],
    list: bool,
}

impl Compact {
    /// The page's length of each field.
    pub(crate) fn lengths(&self) -> &[u32; FIELDS] {
        &self.lengths
    }

    /// Tokenizes each of `docs` and interns its terms, in parallel, each thread reusing its
    /// counter and the spellings it met (`loa serve`'s kept index).
    pub(crate) fn of_each(docs: &[&SearchDoc], interner: &Interner) -> Vec<Compact> {
        docs.par_iter()
            .map_init(Scratch::default, |scratch, d| {
                Compact::counted(d, interner, scratch)
            })
            .collect()
    }

    /// [`Compact::of_each`], for many pages at once: a block of pages at a time, each interner
    /// shard's terms interned by one task without a lock (see `blocks::compacts`).
    pub(crate) fn of_many(docs: &[&SearchDoc], interner: &mut Interner) -> Vec<Compact> {
        if docs.len() < 2 * BLOCK {
            return Compact::of_each(docs, interner);
        }
        blocks::compacts(docs, interner, BLOCK)
    }

    /// One doc of [`Compact::of_each`], counting in `scratch` (a thread's, reused from page to
    /// page).
    fn counted(doc: &SearchDoc, interner: &Interner, scratch: &mut Scratch) -> Compact {
        let lengths = count_terms(doc, scratch);
        let counts = &scratch.counts;
        let mut terms: Vec<(u32, [u16; FIELDS])> = Vec::with_capacity(counts.len());
        terms.extend(
            counts
                .iter()
                .map(|(term, h, tf)| (interner.id(term, h), tf)),
        );
        terms.sort_unstable_by_key(|t| t.0);
        Compact {
            terms,
            lengths,
            list: doc.list,
        }
    }

    /// Takes the page's terms out, leaving its field lengths (what [`Compact::posting`] needs).
    pub(crate) fn take_terms(&mut self) -> Vec<(u32, [u16; FIELDS])> {
        std::mem::take(&mut self.terms)
    }

    /// The posting of a term counted `tf` times on this page, page `page` of pages whose
    /// average field lengths are `avg`.
    pub(crate) fn posting(&self, page: u32, tf: [u16; FIELDS], avg: &[f64; FIELDS]) -> Posting {
        Norms::new(&self.lengths, avg, self.list).posting(page, tf)
    }

    /// The page's [`Norms`] at the average field lengths `avg`, for many postings of the page
    /// ([`Norms::posting`] gives each one what [`Compact::posting`] gives).
    pub(crate) fn norms(&self, avg: &[f64; FIELDS]) -> Norms {
        Norms::for_page(&self.lengths, avg, self.list)
    }
}

/// A page's BM25 length normalisation of each field (`1 - b + b * length / average`) and
/// whether it is a list page: what its postings' impacts need of the page, computed once per
/// page instead of once per posting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Norms {
    norm: [f64; FIELDS],
    list: bool,
    /// The impact of a term counted `n` times in the body and nowhere else, at `n - 1`, for
    /// `n` up to [`BODY_ONLY`] (0: not worked out, see [`Norms::for_page`]). Most of a page's
    /// postings are such terms, and their impact is then looked up, not computed.
    body: [u8; BODY_ONLY],
}

/// The body-only counts whose impacts [`Norms::for_page`] works out ahead.
const BODY_ONLY: usize = 8;

impl Norms {
    /// The norms of a page whose field lengths are `lengths`, of pages whose average field
    /// lengths are `avg`.
    fn new(lengths: &[u32; FIELDS], avg: &[f64; FIELDS], list: bool) -> Norms {
        let mut norm = [0.0; FIELDS];
        for f in 0..FIELDS {
            norm[f] = 1.0 - B[f] + B[f] * f64::from(lengths[f]) / avg[f];
        }
        Norms {
            norm,
            list,
            body: [0; BODY_ONLY],
        }
    }

    /// [`Norms::new`] with the impacts of body-only terms worked out: for the build, which
    /// makes all of a page's postings from one `Norms` (serve's kept index makes one per
    /// posting it changes).
    fn for_page(lengths: &[u32; FIELDS], avg: &[f64; FIELDS], list: bool) -> Norms {
        let mut norms = Norms::new(lengths, avg, list);
        for n in 1..=BODY_ONLY {
            let mut tf = [0; FIELDS];
            tf[Field::Body as usize] = n as u16;
            norms.body[n - 1] = norms.impact(&tf);
        }
        norms
    }

    /// The posting of a term counted `tf` times on this page, page number `page`.
    pub(crate) fn posting(&self, page: u32, tf: [u16; FIELDS]) -> Posting {
        let (others, body) = tf.split_at(Field::Body as usize);
        let known = match (others.iter().all(|&c| c == 0), body) {
            (true, &[n]) if (1..=BODY_ONLY).contains(&usize::from(n)) => self.body[n as usize - 1],
            _ => 0,
        };
        Posting {
            page,
            impact: if known > 0 { known } else { self.impact(&tf) },
            in_title: tf[Field::Title as usize] > 0,
            in_meta: tf[Field::Meta as usize] > 0,
        }
    }

    /// BM25F's saturated term frequency, scaled to 1..=MAX_IMPACT; a list page's is scaled by
    /// [`LIST_WEIGHT`].
    fn impact(&self, tf: &[u16; FIELDS]) -> u8 {
        let mut weighted = 0.0;
        for f in 0..FIELDS {
            if tf[f] > 0 {
                weighted += WEIGHT[f] * f64::from(tf[f]) / self.norm[f];
            }
        }
        if self.list {
            weighted *= LIST_WEIGHT;
        }
        round_impact(f64::from(MAX_IMPACT) * weighted / (weighted + K1))
    }
}

/// Steps of the averages per doubling.
const AVERAGE_STEPS: f64 = 8.0;

fn quantize(avg: f64) -> f64 {
    ((avg.log2() * AVERAGE_STEPS).round() / AVERAGE_STEPS).exp2()
}

/// Indexes `docs` (in the given order: page `i` is `docs[i]`).
pub(crate) fn index(docs: &[&SearchDoc]) -> TermIndex {
    index_in_blocks(docs, BLOCK)
}

/// [`index`], taking pages `block` at a time.
fn index_in_blocks(docs: &[&SearchDoc], block: usize) -> TermIndex {
    let mut step = super::steps();
    let mut interner = Interner::new();
    let lists = blocks::postings(docs, &mut interner, block, &mut step);
    // Each interner shard's terms keyed with their lists, the shards shared by the threads.
    // The spare room the lists grew by goes back before the writer's buffers are made.
    let mut terms: Vec<(TermKey, List)> = interner
        .into_shards()
        .into_par_iter()
        .zip(lists)
        .flat_map_iter(|(names, lists)| {
            let keyed: Vec<(TermKey, List)> = names
                .iter()
                .zip(lists)
                .map(|(t, mut list)| {
                    list.shrink_to_fit();
                    (TermKey::new(t.to_string()), list)
                })
                .collect();
            keyed
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    step("terms keyed and sorted");
    TermIndex { terms }
}

/// Pages whose terms are counted before they are interned: one block's counts (about 24 MB
/// at 512 pages) are held at a time.
const BLOCK: usize = 512;

/// Each field's sum of lengths and number of pages that have it, over `lengths` (see
/// [`add_lengths`], [`averages_of`]).
pub(crate) fn length_sums<'a>(
    lengths: impl Iterator<Item = &'a [u32; FIELDS]>,
) -> [(u64, u64); FIELDS] {
    let mut sums = [(0u64, 0u64); FIELDS];
    for l in lengths {
        add_lengths(&mut sums, l, true);
    }
    sums
}

/// `sums` with `l` added (`add`) or taken out. `loa serve` keeps the sums and updates them by
/// a page's difference.
pub(crate) fn add_lengths(sums: &mut [(u64, u64); FIELDS], l: &[u32; FIELDS], add: bool) {
    for (s, &n) in sums.iter_mut().zip(l).filter(|(_, &n)| n > 0) {
        if add {
            *s = (s.0 + u64::from(n), s.1 + 1);
        } else {
            *s = (s.0 - u64::from(n), s.1 - 1);
        }
    }
}

/// The average of each field's length over the pages that have it (1 when none has).
fn means(sums: &[(u64, u64); FIELDS]) -> [f64; FIELDS] {
    sums.map(|(sum, n)| if n > 0 { sum as f64 / n as f64 } else { 1.0 })
}

/// The average length of each field over the pages where it is not empty, from the sums
/// [`add_lengths`] keeps, rounded to a power of 2^(1/8) (within 4.5 %, which moves an impact by
/// at most one step): one page's edit then almost never changes them, so `loa serve` keeps
/// every other page's impacts and re-encodes only the terms the edit touched (`search::live`).
pub(crate) fn averages_of(sums: &[(u64, u64); FIELDS]) -> [f64; FIELDS] {
    means(sums).map(quantize)
}

/// `scaled` (in 0..MAX_IMPACT) rounded half up and clamped to 1..=MAX_IMPACT, as
/// `scaled.round().clamp(..)` gives it, without `round` (a library call without SSE4.1, once
/// per posting): adding a half is exact from 0.5 up, and below it the sum truncates to 0 or 1
/// (just under 0.5 the sum rounds up to 1.0), which the clamp makes 1 either way.
fn round_impact(scaled: f64) -> u8 {
    ((scaled + 0.5) as u8).clamp(1, MAX_IMPACT)
}

/// The deterministic generator of the index's tests' random data (an LCG: a seed gives the
/// same data on every machine).
#[cfg(test)]
pub(super) struct Lcg(pub u64);

#[cfg(test)]
impl Lcg {
    /// A number below `m`.
    pub(super) fn below(&mut self, m: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchSection;

    fn doc<'a>(url: &'a str, title: &'a str, body: &str) -> SearchDoc<'a> {
        let section = SearchSection {
            anchor: String::new(),
            heading: String::new(),
            level: 0,
            text: body.into(),
        };
        SearchDoc::one_section(url, title, section)
    }

    /// Many pages interned block by block (`loa serve`'s first index) give each page the same
    /// terms, counts and lengths as interning page by page through the shared interner.
    #[test]
    fn pages_interned_in_blocks_have_the_terms_of_pages_interned_one_by_one() {
        let mut rng = Lcg(11);
        let words = [
            "bình",
            "đẳng",
            "giới",
            "hòa",
            "hoà",
            "giải",
            "Luật",
            "số",
            "52/2022/QH15",
            "và",
        ];
        let bodies: Vec<String> = (0..2600)
            .map(|_| {
                (0..rng.below(40))
                    .map(|_| words[rng.below(words.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let urls: Vec<String> = (0..bodies.len())
            .map(|i| format!("p{i}/index.html"))
            .collect();
        let docs: Vec<SearchDoc> = (urls.iter().zip(&bodies))
            .map(|(u, b)| {
                doc(
                    u,
                    if b.len() % 3 == 0 {
                        "Hòa giải"
                    } else {
                        "Bài"
                    },
                    b,
                )
            })
            .collect();
        let refs: Vec<&SearchDoc> = docs.iter().collect();
        let named = |made: Vec<Compact>, mut interner: Interner| {
            let names = interner.names();
            let name = |id: u32| {
                names[(id >> intern::LOCAL_BITS) as usize]
                    [(id & ((1 << intern::LOCAL_BITS) - 1)) as usize]
                    .to_string()
            };
            made.into_iter()
                .map(|c| {
                    let mut terms: Vec<(String, [u16; FIELDS])> =
                        c.terms.iter().map(|&(id, tf)| (name(id), tf)).collect();
                    terms.sort();
                    (terms, c.lengths, c.list)
                })
                .collect::<Vec<_>>()
        };
        let one = Interner::new();
        let by_page = named(Compact::of_each(&refs, &one), one);
        let mut blocks = Interner::new();
        let made = Compact::of_many(&refs, &mut blocks);
        assert!(made
            .iter()
            .all(|c| c.terms.windows(2).all(|w| w[0].0 < w[1].0)));
        let by_block = named(made, blocks);
        assert!(by_page.iter().any(|p| p.0.len() > 5));
        assert_eq!(by_block, by_page);
    }

    /// BM25F's impact computed per posting, as it was before [`Norms`]: the plain formula the
    /// per-page norms must reproduce exactly.
    fn impact(tf: &[u32; FIELDS], len: &[u32; FIELDS], avg: &[f64; FIELDS], list: bool) -> u8 {
        let mut weighted = 0.0;
        for f in 0..FIELDS {
            if tf[f] > 0 {
                let norm = 1.0 - B[f] + B[f] * f64::from(len[f]) / avg[f];
                weighted += WEIGHT[f] * f64::from(tf[f]) / norm;
            }
        }
        if list {
            weighted *= LIST_WEIGHT;
        }
        round_impact(f64::from(MAX_IMPACT) * weighted / (weighted + K1))
    }

    /// Impacts from a page's norms equal the per-posting computation, over field lengths and
    /// counts from none to many, on list pages and others, for averages as `averages_of`
    /// rounds them and others.
    #[test]
    fn impacts_from_the_page_norms_equal_the_per_posting_formula() {
        let mut rng = Lcg(3);
        let mut next = |m: u32| rng.below(m as usize) as u32;
        let mut n = 0;
        for round in 0..3000 {
            let lengths: [u32; FIELDS] = std::array::from_fn(|_| match next(4) {
                0 => 0,
                1 => next(10),
                _ => next(5000),
            });
            let sums = [(u64::from(next(100_000)) + 1, u64::from(next(90)) + 1); FIELDS];
            let avg = if round % 2 == 0 {
                averages_of(&sums)
            } else {
                means(&sums)
            };
            let list = round % 5 == 0;
            let norms = Norms::new(&lengths, &avg, list);
            let ahead = Norms::for_page(&lengths, &avg, list);
            for k in 0..20 {
                // Half the terms only in the body, a few times (the impacts worked out ahead).
                let tf: [u16; FIELDS] = std::array::from_fn(|f| match next(3) {
                    _ if k % 2 == 0 && f != Field::Body as usize => 0,
                    _ if k % 2 == 0 => next(BODY_ONLY as u32 + 2) as u16,
                    0 => 0,
                    1 => next(4) as u16,
                    _ => next(u32::from(u16::MAX) + 1) as u16,
                });
                let want = impact(&tf.map(u32::from), &lengths, &avg, list);
                for p in [norms.posting(7, tf), ahead.posting(7, tf)] {
                    assert_eq!(p.impact, want, "{tf:?} {lengths:?} {avg:?} {list}");
                    assert_eq!((p.in_title, p.in_meta), (tf[0] > 0, tf[1] > 0));
                }
                n += usize::from(want > 1);
            }
        }
        assert!(n > 1000, "{n} impacts above 1");
    }

    fn postings(ix: &TermIndex, term: &str) -> Vec<Posting> {
        ix.terms
            .iter()
            .find(|(k, _)| k.term.0 == term)
            .map(|(_, p)| p.to_vec())
            .unwrap_or_default()
    }

    /// The terms of `ix` with their postings unpacked.
    fn unpacked(ix: &TermIndex) -> Vec<(TermKey, Vec<Posting>)> {
        let terms = ix.terms.iter();
        terms.map(|(k, l)| (k.clone(), l.to_vec())).collect()
    }

    /// Pages of words drawn from a small vocabulary (accented and not, numbers), some of them
    /// list pages, so terms repeat across pages and fields.
    fn generated(n: usize) -> Vec<(String, String, String)> {
        const WORDS: [&str; 16] = [
            "bạo", "lực", "gia", "đình", "bình", "đẳng", "giới", "hòa", "hoà", "giải", "phụ", "nữ",
            "và", "11-NQ/TW", "cán", "bộ",
        ];
        let mut rng = Lcg(7);
        let mut next = |m: usize| rng.below(m);
        (0..n)
            .map(|i| {
                let mut pick = |k: usize| {
                    (0..k)
                        .map(|_| WORDS[next(WORDS.len())])
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                (
                    format!("p{i:03}/index.html"),
                    pick(1 + i % 4),
                    pick(5 + i % 37),
                )
            })
            .collect()
    }

    /// The index as one plain sequential pass makes it: one string map, postings pushed page
    /// by page, sorted by key at the end.
    fn sequential(docs: &[&SearchDoc]) -> Vec<(TermKey, Vec<Posting>)> {
        let mut pages = Vec::new();
        for d in docs {
            // Nothing kept from page to page.
            let mut scratch = Scratch::default();
            let lengths = count_terms(d, &mut scratch);
            let terms: Vec<(String, [u32; FIELDS])> = scratch
                .counts
                .iter()
                .map(|(t, _, tf)| (t.to_string(), tf.map(u32::from)))
                .collect();
            pages.push((terms, lengths, d.list));
        }
        // The averages rounded as `averages_of` rounds them.
        let avg = averages_of(&length_sums(pages.iter().map(|p| &p.1)));
        let mut lists: std::collections::BTreeMap<String, Vec<Posting>> = Default::default();
        for (i, (terms, lengths, list)) in pages.iter().enumerate() {
            for (t, tf) in terms {
                lists.entry(t.clone()).or_default().push(Posting {
                    page: i as u32,
                    impact: impact(tf, lengths, &avg, *list),
                    in_title: tf[Field::Title as usize] > 0,
                    in_meta: tf[Field::Meta as usize] > 0,
                });
            }
        }
        let mut terms: Vec<_> = lists
            .into_iter()
            .map(|(t, l)| (TermKey::new(t), l))
            .collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        terms
    }

    #[test]
    fn the_parallel_index_equals_a_sequential_pass_on_any_number_of_threads() {
        let pages = generated(120);
        let mut docs: Vec<SearchDoc> = pages.iter().map(|(u, t, b)| doc(u, t, b)).collect();
        for d in docs.iter_mut().step_by(9) {
            d.list = true;
        }
        let docs: Vec<&SearchDoc> = docs.iter().collect();
        let want = sequential(&docs);
        assert!(want.len() > 100, "{} terms", want.len());
        for threads in [1, 3, 2, 5] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool");
            let got = pool.install(|| index(&docs));
            assert!(unpacked(&got) == want, "{threads} threads");
            let got = pool.install(|| index_in_blocks(&docs, 7));
            assert!(
                unpacked(&got) == want,
                "{threads} threads, blocks of 7 pages"
            );
        }
    }

    /// Pages in any order, with every field filled on some, taken in blocks of any size (one
    /// page, a few, more than there are) on any number of threads: the blocked pass gives what
    /// the plain sequential pass gives for the same order.
    #[test]
    fn blocks_of_any_size_over_shuffled_pages_equal_the_sequential_pass() {
        let pages = generated(90);
        let tags = vec!["Bình đẳng giới".to_string(), "hòa giải".to_string()];
        let mentions = vec!["NQ 11".to_string()];
        let keywords = vec!["BLGĐ".to_string()];
        let mut docs: Vec<SearchDoc> = pages.iter().map(|(u, t, b)| doc(u, t, b)).collect();
        for (i, d) in docs.iter_mut().enumerate() {
            d.list = i % 7 == 0;
            if i % 3 == 0 {
                d.tags = &tags;
                d.keywords = &keywords;
                d.summary = "Tóm tắt: bạo lực gia đình";
            }
            if i % 5 == 0 {
                d.doc_type = Some("Nghị quyết");
                d.number = Some("11-NQ/TW");
                d.mentions = &mentions;
            }
        }
        let mut order: Vec<&SearchDoc> = docs.iter().collect();
        let mut rng = Lcg(11);
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let want = sequential(&order);
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool");
            for block in [1, 13, 1000] {
                let got = pool.install(|| index_in_blocks(&order, block));
                assert!(
                    unpacked(&got) == want,
                    "{threads} threads, blocks of {block}"
                );
            }
        }
    }

    #[test]
    fn title_outweighs_body_and_exact_forms_are_kept() {
        let a = doc("a/index.html", "Bạo lực gia đình", "một hai ba");
        let b = doc("b/index.html", "Khác", "bạo lực gia đình là gì");
        let ix = index(&[&a, &b]);
        let p = postings(&ix, "bao luc");
        assert_eq!(p.len(), 2);
        assert!(p[0].impact > p[1].impact, "{p:?}");
        assert!(p[0].in_title && !p[1].in_title);
        assert_eq!(postings(&ix, "bao\u{323}").len(), 2);
        assert_eq!(postings(&ix, "mot").len(), 1);
    }

    /// Keys with their prefix order as keys of their strings alone order (fold, exact, term,
    /// with the fold in UTF-16 order): strings of every length around eight bytes, ending or
    /// differing in characters of every UTF-8 length, at and past the eighth byte.
    #[test]
    fn keys_order_by_their_strings_whatever_their_prefixes() {
        let ends = [
            "",
            "a",
            "z",
            "ă",
            "\u{E000}",
            "\u{FF21}",
            "\u{1F600}",
            "\u{D7FF}",
            "b ă",
        ];
        let mut terms = Vec::new();
        for len in 0..11 {
            let stem: String = "bạo luc\u{FF21}gia".chars().take(len).collect();
            for x in ends {
                terms.push(format!("{stem}{x}"));
                terms.push(format!("{stem}{x}{}", "\u{1F600}"));
            }
        }
        let keys: Vec<TermKey> = terms.iter().map(|t| TermKey::new(t.clone())).collect();
        let plain = |k: &TermKey| (k.group.clone(), k.exact, k.term.clone());
        for a in &keys {
            for b in &keys {
                assert_eq!(a.cmp(b), plain(a).cmp(&plain(b)), "{a:?} {b:?}");
            }
        }
        assert!(keys.len() > 150, "{} keys", keys.len());
    }

    #[test]
    fn terms_sort_by_fold_then_exact_variants() {
        let a = doc("a/index.html", "ma má mà", "ma cà rồng mai");
        let ix = index(&[&a]);
        let order: Vec<&str> = ix.terms.iter().map(|(k, _)| k.term.0.as_str()).collect();
        let pos = |t: &str| order.iter().position(|x| *x == t).unwrap();
        assert!(pos("ma") < pos("ma\u{301}"));
        assert!(pos("ma\u{301}") < pos("ma ca"));
        assert!(pos("ma ca") < pos("mai"));
    }

    #[test]
    fn impacts_round_as_round_does() {
        let max = f64::from(MAX_IMPACT);
        let halves = (0..=2 * MAX_IMPACT).map(|k| f64::from(k) / 2.0);
        let near = halves.flat_map(|h| [h.next_down(), h, h.next_up()]);
        let steps = (0..15_000).map(|i| f64::from(i) / 1000.0);
        let mut n = 0;
        for x in near.chain(steps).filter(|x| (0.0..max).contains(x)) {
            assert_eq!(round_impact(x), x.round().clamp(1.0, max) as u8, "{x:e}");
            n += 1;
        }
        assert!(n > 15_000, "{n} values");
    }
}
