//! The index as plain JavaScript files, split so that a query loads only what it needs.
//!
//! - `search/manifest.js`: the page count, the bound of each term shard (or of each group of
//!   shards, see `d-NAME.js`), the commonest words
//!   (to complete a prefix of one or two letters), the facet names and a build id. Loaded first,
//!   small.
//! - `search/t-NAME.js`: terms in order (by fold, each folded term followed by its exact
//!   variants), each with its postings, front-coded in one string (see [`layout::shard_body`]).
//!   Where a shard ends depends on the terms near it (a content-defined cut, see [`layout::cut`]),
//!   and its name is a hash of its bound ([`file_name`]), not its place: an edit changes the
//!   files of the shards around it only. A query loads the shard of each of its terms (the
//!   manifest lists each shard's bound, a prefix of its first key, [`shard_key`]); a common
//!   word's variants may sit in shards after the folded term's, so a query loads only the forms
//!   it can match. The last word typed, matched as a prefix, loads the shards its range spans. A
//!   list of thousands of pages is only its head there (see `tiers.rs`).
//! - `search/d-NAME.js`: on a site with thousands of shards, the bounds of a group of shards;
//!   the manifest then lists only each group's bound (see `dictionary.rs`).
//! - `search/r-NAME-K.js`: step K of the list of a term whose entry in its shard is a head
//!   (NAME from the term, [`layout::tail_name`]): its pages of lower weight; loaded one at a
//!   time only while what came cannot tell a query's shown hits, or all for filters and their
//!   counts.
//! - `search/p/N.js`: the titles, URLs, headings and bounded excerpts of a range of pages (see
//!   `excerpts.rs`); loaded only for the hits shown, to pick the section to link to and to cut
//!   the snippet.
//! - `search/s.js`: the folded syllables, for typo tolerance (see `typos.rs`); loaded only when
//!   a query has a word or word pair the index lacks.
//! - `search/f-kind.js`, `f-tag.js`, `f-type.js`, `f-year.js`: the pages of each filter value,
//!   loaded when filters are used.
//!
//! This module codes the postings and writes the term shards; `manifest.rs` makes the manifest
//! and the report on the files, `pages.rs` the filter files and excerpt bundles.
//!
//! Every file calls a registration function of the global `LoaSearch` (defined by `search.js`), so
//! it can be loaded with a `<script>` element: no `fetch`, which `file://` pages cannot use.
//! Postings are strings over a 64-letter alphabet (exact variants differ, see [`encode_subset`]):
//! for each page, the gap from the previous page
//! as a little-endian base-32 varint (letters 32..63 mean "more follows"), then one letter holding
//! the impact (1..=15), plus 16 when the term is in the title, plus 32 when it is in the document's
//! type and number.

use super::index::{Posting, TermIndex, TermKey, MAX_IMPACT};
use super::live::digest;
use super::{OutputFile, SearchOptions, SearchOutput};
use rayon::prelude::*;

pub(crate) mod dictionary;
pub(crate) mod layout;
mod manifest;
mod pages;
pub(crate) mod tiers;

pub(crate) use dictionary::file_name;
use manifest::{common_words, holds};
pub(crate) use manifest::{commonest, finish, manifest, report, Parts};
pub(crate) use pages::{facet_files, page_files, PageFiles};

const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// Files start with a byte-order mark so that browsers read them as UTF-8 whatever a server says.
pub(crate) const BOM: &str = "\u{FEFF}";

fn push_varint(out: &mut String, mut v: u32) {
    loop {
        let digit = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(ALPHABET[digit] as char);
            return;
        }
        out.push(ALPHABET[32 + digit] as char);
    }
}

/// `page gap, impact` per posting; or, when shorter (a term in more than about a fifth of the
/// pages), the pages as a set ([`dense_pages`]: a bitmap, or the pages it lacks) and then the
/// impacts in page order, as letters or coded by how often each value occurs (see `pack.rs`);
/// or, when that saves at least [`RICE_SAVES`] letters, the gaps Rice-coded and the impacts
/// after them ([`rice`]). The first letter says which: `~` bitmap and letters, `!` bitmap and
/// coded impacts, `^` the pages lacking it and letters, `*` the pages lacking it and coded
/// impacts, `&` Rice-coded gaps.
pub(crate) fn encode_postings(list: &[Posting], pages: usize) -> String {
    // The plain form's length, known before it is written: a long list is mostly written in
    // another form, and the plain one was made only to be measured.
    let mut next = 0;
    let plain_len: usize = (list.iter())
        .map(|p| {
            let gap = p.page - next;
            next = p.page + 1;
            varint_len(gap) + 1
        })
        .sum();
    let dense_may =
        1 + pages.div_ceil(6).min(pages.saturating_sub(list.len())) + list.len() < plain_len;
    let rice_may = list.len() >= PACK_FROM && plain_len >= RICE_SAVES;
    if !dense_may && !rice_may {
        return plain(list);
    }
    let values: Vec<u8> = list.iter().map(impact_value).collect();
    // Coding pays on long lists; a short one stays readable.
    let packed = Some(&values)
        .filter(|v| v.len() >= PACK_FROM)
        .and_then(|v| super::pack::impacts(v))
        .filter(|s| s.len() < values.len());
    let impacts = match &packed {
        Some(s) => s.clone(),
        None => values
            .iter()
            .map(|&v| ALPHABET[usize::from(v)] as char)
            .collect(),
    };
    let (mut best, mut best_len) = (None, plain_len);
    if dense_may {
        let (lacking, set) = dense_pages_of(list, pages);
        if 1 + set.len() + impacts.len() < best_len {
            let mut out = String::with_capacity(1 + set.len() + impacts.len());
            out.push(match (lacking, packed.is_some()) {
                (false, false) => '~',
                (false, true) => '!',
                (true, false) => '^',
                (true, true) => '*',
            });
            out.push_str(&set);
            out.push_str(&impacts);
            best_len = out.len();
            best = Some(out);
        }
    }
    if rice_may {
        let coded = rice(list, pages, packed.is_some());
        if coded.len() + impacts.len() + RICE_SAVES <= best_len {
            return coded + &impacts;
        }
    }
    best.unwrap_or_else(|| plain(list))
}

/// `page gap, impact` per posting.
fn plain(list: &[Posting]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut next = 0;
    for p in list {
        push_varint(&mut out, p.page - next);
        out.push(impact_letter(p));
        next = p.page + 1;
    }
    out
}

/// The letters [`push_varint`] writes for `v`.
fn varint_len(v: u32) -> usize {
    1 + (32 - v.leading_zeros() as usize).saturating_sub(1) / 5
}

/// [`dense_pages`] of a posting list's pages.
fn dense_pages_of(list: &[Posting], pages: usize) -> (bool, String) {
    let set: Vec<u32> = list.iter().map(|p| p.page).collect();
    dense_pages(&set, pages)
}

/// The fewest letters the Rice-coded form must save over the others to be written: a small
/// list stays in the forms a reader can follow, and the form pays where lists are long (at
/// 100,000 pages a common word's list is tens of kilobytes).
const RICE_SAVES: usize = 256;

/// The pages of `list` (of `total`) as Rice-coded gaps, before the impacts: `&`, a letter for
/// the Rice parameter `k` (+16 when the gaps are those of the pages lacking the term, for a
/// term on more than half of them; +32 when the impacts that follow are coded, `pack.rs`), the
/// number of gaps as a varint, then each gap `g` as `g >> k` one-bits, a zero-bit and the `k`
/// low bits of `g` (least significant first), the bits filling six-bit letters from the least
/// significant up. A gap takes about two bits more than its logarithm where a varint letter
/// takes six: a list of 20,000 of 100,000 pages is a 16.7 KB bitmap, or about 11 KB so.
fn rice(list: &[Posting], total: usize, packed: bool) -> String {
    let lacking = list.len() * 2 > total;
    let pages: Vec<u32> = if lacking {
        complement(list.iter().map(|p| p.page), total)
    } else {
        list.iter().map(|p| p.page).collect()
    };
    let mut gaps = Vec::with_capacity(pages.len());
    let mut next = 0;
    for &p in &pages {
        gaps.push(p - next);
        next = p + 1;
    }
    let k = rice_parameter(&gaps, total);
    let mut out = String::with_capacity(8 + gaps.len());
    out.push('&');
    out.push(ALPHABET[k as usize | usize::from(lacking) << 4 | usize::from(packed) << 5] as char);
    push_varint(&mut out, gaps.len() as u32);
    let mut bits = super::pack::Bits::new(&mut out);
    for &g in &gaps {
        bits.ones(g >> k);
        bits.put(0, 1);
        bits.put(u64::from(g), k);
    }
    bits.finish();
    out
}

/// The Rice parameter (0..=15) that codes `gaps` (spread over `total` pages) in the fewest
/// bits: of the three around the logarithm of the mean gap, the best.
fn rice_parameter(gaps: &[u32], total: usize) -> u32 {
    let mean = total as f64 / gaps.len().max(1) as f64;
    let guess = (mean * std::f64::consts::LN_2).max(1.0).log2().floor() as u32;
    let bits = |k: u32| -> u64 {
        gaps.iter()
            .map(|&g| u64::from(g >> k) + u64::from(k) + 1)
            .sum()
    };
    (guess.saturating_sub(1)..=(guess + 1).min(15))
        .min_by_key(|&k| (bits(k), k))
        .unwrap_or(0)
}

/// A big set of the `total` pages: a bitmap (six pages a letter), or, when that saves at least
/// [`LACKING_SAVES`] letters, the gaps between the pages it lacks ended by `.` (a word on nearly
/// every page, such as "và", lacks a few hundred of ten thousand: a fifth of the bitmap). True
/// for the second.
fn dense_pages(pages: &[u32], total: usize) -> (bool, String) {
    let mut bits = vec![0usize; total.div_ceil(6)];
    for &p in pages {
        bits[p as usize / 6] |= 1 << (p % 6);
    }
    let bitmap: String = bits.iter().map(|&b| ALPHABET[b] as char).collect();
    let lacking = complement(pages.iter().copied(), total);
    if lacking.len() + LACKING_SAVES > bitmap.len() {
        return (false, bitmap);
    }
    let gaps = encode_pages(&lacking) + ".";
    if gaps.len() + LACKING_SAVES <= bitmap.len() {
        (true, gaps)
    } else {
        (false, bitmap)
    }
}

/// The pages of `0..total` that `pages` (in order) lacks.
fn complement(pages: impl Iterator<Item = u32>, total: usize) -> Vec<u32> {
    let mut held = pages.peekable();
    (0..total as u32)
        .filter(|&p| {
            let has = held.peek() == Some(&p);
            if has {
                held.next();
            }
            !has
        })
        .collect()
}

/// The fewest letters the pages a set lacks must save over its bitmap to be written instead: a
/// site under about 1,600 pages (a bitmap of at most 267 letters) keeps the one dense form; the
/// other pays where a first query's bytes count, on big sites.
const LACKING_SAVES: usize = 256;

/// The shortest bitmap-coded posting list whose impacts are packed.
const PACK_FROM: usize = 64;

/// The value of an alphabet letter.
#[cfg(test)]
fn digit(c: u8) -> u8 {
    ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as u8
}

fn impact_letter(p: &Posting) -> char {
    ALPHABET[usize::from(impact_value(p))] as char
}

/// The value of a posting's [`impact_letter`]: its impact, +16 in the title, +32 in a
/// document's type and number.
fn impact_value(p: &Posting) -> u8 {
    p.impact.clamp(1, MAX_IMPACT) | u8::from(p.in_title) << 4 | u8::from(p.in_meta) << 5
}

/// Page gaps only (filter values, the first page of each excerpt bundle).
pub(crate) fn encode_pages(pages: &[u32]) -> String {
    let mut out = String::with_capacity(pages.len());
    let mut next = 0;
    for &p in pages {
        push_varint(&mut out, p - next);
        next = p + 1;
    }
    out
}

/// A filter value's pages: gaps, or when shorter (a value most pages have, such as the commonest
/// kind), `~` and a bitmap of all `total` pages or `^` and the pages it lacks, as for postings.
pub(crate) fn encode_page_set(pages: &[u32], total: usize) -> String {
    let gaps = encode_pages(pages);
    if gaps.len() <= 1 + total.div_ceil(6).min(total.saturating_sub(pages.len())) {
        return gaps;
    }
    let (lacking, set) = dense_pages(pages, total);
    if 1 + set.len() >= gaps.len() {
        return gaps;
    }
    format!("{}{set}", if lacking { '^' } else { '~' })
}

/// A JSON string literal that is also safe JavaScript source on any engine.
pub(crate) fn js_str(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    json.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

pub(crate) fn js_value(v: &serde_json::Value) -> String {
    let json = serde_json::to_string(v).unwrap_or_else(|_| "null".to_string());
    json.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// Writes every file of the index of `ix`, with the files of its pages.
pub(crate) fn write(pages: PageFiles, ix: &TermIndex, opts: &SearchOptions) -> SearchOutput {
    let mut files = Vec::new();
    // The syllable file (one walk over the terms) is made beside the term shards.
    let (bounds, syllables) = rayon::join(
        || term_shards(ix, opts.shard_size, pages.pages, &mut files),
        || super::typos::syllable_file(ix),
    );
    let groups = dictionary::groups(&bounds);
    files.extend(
        groups
            .iter()
            .map(|g| dictionary::dictionary_file(&bounds[g.clone()])),
    );
    files.extend(pages.facets);
    files.push(syllables);
    let shared = files.len();
    files.extend(pages.bundles);
    let digests = files.par_iter().map(|f| digest(&f.bytes)).collect();
    let parts = Parts {
        files: files.iter().collect(),
        digests,
        shared,
        bounds: dictionary::listed(&bounds, &groups),
        levels: if groups.is_empty() { 1 } else { 2 },
        common: common_words(ix),
        facets: pages.names,
        per: pages.per,
    };
    let done = finish(&parts, pages.pages, opts, |t| holds(ix, t));
    files.insert(0, done.manifest.0);
    SearchOutput {
        files,
        report: done.report,
        diagnostics: done.diagnostics,
    }
}

/// Folded function words whose word pairs the index leaves out ("và", "của", "là", "các",
/// "những", "được", "với", "một"): a pair such as "nu va" ("phụ nữ và") says nothing a phrase
/// needs, yet these words are so common that their pairs were about a third of a big site's
/// pairs, and a query naming one loaded two heavy pairs for it. Only words whose folds are rarely
/// content words: "cho" is also "chợ", "de" is "đề", "thi" is "thị", so those keep their pairs.
/// The manifest lists them (`stop`), so the browser does not look such pairs up, nor take
/// their absence for a typo.
pub(crate) const STOP_WORDS: [&str; 8] = ["va", "cua", "la", "cac", "nhung", "duoc", "voi", "mot"];

/// Whether the folded term `t` is a word pair with a stop word.
fn is_stop_pair(t: &str) -> bool {
    t.split_once(' ')
        .is_some_and(|(a, b)| STOP_WORDS.contains(&a) || STOP_WORDS.contains(&b))
}

/// Cuts the sorted terms into shards of about `target` bytes. Returns each shard's bound: the
/// shortest prefix of its first term's key ([`shard_key`]) that sorts after the previous
/// shard's last key ("" for the first shard). The browser looks a key up as the last bound at or
/// before it, which finds every term's shard just as the whole keys would, and short bounds keep
/// the manifest small when a big site has thousands of shards.
///
/// A folded term and its exact variants stay together when they fit one shard. A bigger group
/// (a common word: "phu" with "phụ", "phú", "phù", … is 13 KB at 10,000 pages) is cut between
/// its entries, so a query typed without marks loads the folded term alone and one typed with
/// marks loads its own variant's shard too, never all the variants.
fn term_shards(
    ix: &TermIndex,
    target: usize,
    pages: usize,
    files: &mut Vec<OutputFile>,
) -> Vec<String> {
    let index = layout::Encoded::of(ix, pages);
    let cuts = layout::cut(&index.slots, target);
    let bounds = layout::bounds(&index, &cuts);
    let shards: Vec<(OutputFile, Vec<OutputFile>)> = cuts
        .par_iter()
        .zip(&bounds)
        .map(|(c, b)| term_files(&file_name(b), &layout::shard_body(&index.slots, &index, *c)))
        .collect();
    let (shards, tails): (Vec<OutputFile>, Vec<Vec<OutputFile>>) = shards.into_iter().unzip();
    files.extend(shards);
    files.extend(tails.into_iter().flatten());
    bounds
}

/// The shortest prefix of `next` (in whole characters) that sorts after `prev`, as the browser
/// compares strings (UTF-16 units); `prev` sorts before `next`.
fn separator(prev: &str, next: &str) -> String {
    let prev = super::index::JsString(prev.to_string());
    let mut end = 0;
    for (i, c) in next.char_indices() {
        end = i + c.len_utf8();
        if super::index::JsString(next[..end].to_string()) > prev {
            break;
        }
    }
    next[..end].to_string()
}

/// Where a term sorts among shard bounds: a folded term by itself, an exact variant as its fold,
/// U+0001 and its own form. U+0001 sorts below every letter, space, `-` and `/` a fold holds, so
/// the variants of "phu" sort after "phu" and before "phu nu" and "phua", and the browser finds
/// a variant's shard by looking up that key (`shardOf` in search/20-terms.js).
pub(crate) fn shard_key(key: &TermKey) -> String {
    if key.exact {
        format!("{}\u{1}{}", key.group.0, key.term.0)
    } else {
        key.group.0.clone()
    }
}

/// Front-coded entries: per term, a letter for how many UTF-16 units it shares with the previous
/// term (at most 63), the rest of the term, `|`, its postings, `;`. Terms never contain `|` or
/// `;` (they are words, spaces, `-` and `/`), postings are alphabet letters.
///
/// `terms` are (part of) one group: a folded term, then its exact variants, whose pages are a
/// subset of the folded term's (`base`, which sits in an earlier shard when the group is cut) and
/// are written as that subset ([`encode_subset`]).
#[cfg(test)]
fn encode_with_base<'a>(
    terms: &'a [(TermKey, Vec<Posting>)],
    base: Option<&[Posting]>,
    mut prev: Option<&'a str>,
    pages: usize,
) -> String {
    let mut out = String::new();
    for (key, list) in terms {
        let term = key.term.0.as_str();
        let (units, bytes) = shared_prefix(prev.unwrap_or(""), term);
        out.push(ALPHABET[units] as char);
        out.push_str(&term[bytes..]);
        out.push('|');
        match base {
            Some(base) if key.exact => out.push_str(&encode_subset(base, list)),
            _ => out.push_str(&encode_postings(list, pages)),
        }
        out.push(';');
        prev = Some(term);
    }
    out
}

/// An exact variant's pages as positions in its folded term's posting list (the browser takes
/// the impacts from there): `1` and a bitmap of 6 positions a letter, or `0` and the gaps between
/// positions, whichever is shorter. "bình" is in nearly every page that has "binh": as a list it
/// would cost as much again, as a bitmap a sixth of the folded term's length.
pub(crate) fn encode_subset(base: &[Posting], subset: &[Posting]) -> String {
    let mut positions = Vec::with_capacity(subset.len());
    let mut j = 0;
    for p in subset {
        while j < base.len() && base[j].page < p.page {
            j += 1;
        }
        if j < base.len() && base[j].page == p.page {
            positions.push(j as u32);
        }
    }
    let mut gaps = String::from("0");
    let mut next = 0;
    for &i in &positions {
        push_varint(&mut gaps, i - next);
        next = i + 1;
    }
    let mut bits = vec![0usize; base.len().div_ceil(6)];
    for &i in &positions {
        bits[i as usize / 6] |= 1 << (i % 6);
    }
    let bitmap: String = std::iter::once('1')
        .chain(bits.iter().map(|&b| ALPHABET[b] as char))
        .collect();
    if bitmap.len() < gaps.len() {
        bitmap
    } else {
        gaps
    }
}

/// Sorted strings, front-coded like the terms: a letter for the shared prefix, the rest, `;`.
pub(crate) fn front_coded(sorted: &[String]) -> String {
    let mut out = String::new();
    let mut prev = "";
    for s in sorted {
        let (units, bytes) = shared_prefix(prev, s);
        out.push(ALPHABET[units] as char);
        out.push_str(&s[bytes..]);
        out.push(';');
        prev = s;
    }
    out
}

/// The common prefix of two strings in whole characters: (UTF-16 units, bytes of `b`), capped
/// at 63 units.
fn shared_prefix(a: &str, b: &str) -> (usize, usize) {
    let (mut units, mut bytes) = (0, 0);
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y || units + y.len_utf16() > 63 {
            break;
        }
        units += y.len_utf16();
        bytes += y.len_utf8();
    }
    (units, bytes)
}

/// The term shard named `name` ([`file_name`]) of its entries, and the tail files of its terms
/// whose entries are heads (`search/r-NAME-K.js`, NAME from the term, [`layout::tail_name`]:
/// their steps, see `tiers.rs`).
pub(crate) fn term_files(
    name: &str,
    (entries, tails): &layout::Body,
) -> (OutputFile, Vec<OutputFile>) {
    let shard = OutputFile {
        path: format!("search/t-{name}.js"),
        bytes: format!("{BOM}LoaSearch.t(\"{name}\",{});\n", js_str(entries)).into_bytes(),
    };
    let tails = tails
        .iter()
        .map(|(name, whole)| OutputFile {
            path: format!("search/r-{name}.js"),
            bytes: format!("{BOM}LoaSearch.r(\"{name}\",{});\n", js_str(whole)).into_bytes(),
        })
        .collect();
    (shard, tails)
}

#[cfg(test)]
mod tests;
