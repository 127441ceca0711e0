//! Tests of the shard writer: postings coding, variant groups, bounds, stop-word pairs.

use super::*;

fn decode(s: &str, with_impact: bool) -> Vec<(u32, u8)> {
    let digits: Vec<u32> = s
        .bytes()
        .map(|b| ALPHABET.iter().position(|&a| a == b).unwrap() as u32)
        .collect();
    let mut out = Vec::new();
    let (mut i, mut next) = (0, 0);
    while i < digits.len() {
        let (mut v, mut shift) = (0, 0);
        loop {
            let d = digits[i];
            i += 1;
            v |= (d & 31) << shift;
            shift += 5;
            if d < 32 {
                break;
            }
        }
        let page = next + v;
        next = page + 1;
        let impact = if with_impact {
            i += 1;
            digits[i - 1] as u8
        } else {
            0
        };
        out.push((page, impact));
    }
    out
}

#[test]
fn postings_round_trip() {
    let list: Vec<Posting> = [(0, 1), (1, 63), (40, 7), (1100, 30), (70000, 2)]
        .iter()
        .map(|&(page, letter)| Posting {
            page,
            impact: letter & 15,
            in_title: letter & 16 != 0,
            in_meta: letter & 32 != 0,
        })
        .collect();
    let s = encode_postings(&list, 100_000);
    let back: Vec<(u32, u8)> = [(0, 1), (1, 63), (40, 7), (1100, 30), (70000, 2)].to_vec();
    assert_eq!(decode(&s, true), back);
    assert!(s.starts_with("010_"), "{s}");
}

#[test]
fn common_terms_are_a_bitmap_of_all_pages() {
    let list: Vec<Posting> = (0..12)
        .filter(|p| p % 4 != 3)
        .map(|page| Posting {
            page,
            impact: 2,
            in_title: page == 0,
            in_meta: false,
        })
        .collect();
    // Pages 0,1,2 4,5,6 8,9,10 of 12: bits 0b110111 and 0b011101, then nine impacts.
    let s = encode_postings(&list, 12);
    let bits = [ALPHABET[0b110111] as char, ALPHABET[0b011101] as char];
    assert_eq!(s, format!("~{}{}I22222222", bits[0], bits[1]));
    // Few pages of many: gaps.
    assert!(!encode_postings(&list[..2], 10_000).starts_with('~'));
}

/// The pages of a dense form (`~`, `!`: bitmap; `^`, `*`: the gaps of the pages lacking the
/// term, ended by `.`), and where the impacts start.
fn dense(s: &str, total: u32) -> (Vec<u32>, usize) {
    let digit = |b: u8| ALPHABET.iter().position(|&a| a == b).unwrap() as u32;
    match s.as_bytes()[0] {
        b'^' | b'*' => {
            let end = s.find('.').unwrap();
            let lack: Vec<u32> = decode(&s[1..end], false).iter().map(|p| p.0).collect();
            ((0..total).filter(|p| !lack.contains(p)).collect(), end + 1)
        }
        _ => {
            let letters = total.div_ceil(6) as usize;
            let pages = (0..total)
                .filter(|&p| digit(s.as_bytes()[1 + p as usize / 6]) & (1 << (p % 6)) != 0)
                .collect();
            (pages, 1 + letters)
        }
    }
}

#[test]
fn a_term_on_nearly_every_page_is_the_pages_it_lacks() {
    let list: Vec<Posting> = (0..6000)
        .filter(|p| p % 500 != 7)
        .map(|page| Posting {
            page,
            impact: (page % 3 + 1) as u8,
            in_title: false,
            in_meta: false,
        })
        .collect();
    let s = encode_postings(&list, 6000);
    // Twelve pages lack it: twelve gaps, where a bitmap takes 1,000 letters.
    assert!(s.starts_with('*'), "{}", &s[..20]);
    let (pages, at) = dense(&s, 6000);
    assert_eq!(pages, list.iter().map(|p| p.page).collect::<Vec<_>>());
    assert!(at < 30, "{at}");
    // Half the pages: a bitmap.
    let half: Vec<Posting> = list.iter().filter(|p| p.page % 2 == 0).cloned().collect();
    let s = encode_postings(&half, 6000);
    assert!(s.starts_with('!'), "{}", &s[..20]);
    let (pages, at) = dense(&s, 6000);
    assert_eq!(pages, half.iter().map(|p| p.page).collect::<Vec<_>>());
    assert_eq!(at, 1001);
    // A filter value nearly every page has.
    let most: Vec<u32> = (0..6000).filter(|p| p % 1000 != 3).collect();
    let s = encode_page_set(&most, 6000);
    assert!(s.starts_with('^') && s.len() < 20, "{s}");
    assert_eq!(dense(&s, 6000).0, most);
}

/// The pages of a Rice-coded form (`&`, see [`rice`]) of `total` pages, and where the impacts
/// start; the impacts are coded when the flags say so.
fn rice_pages(s: &str, total: u32) -> (Vec<u32>, usize, bool) {
    let digits: Vec<u32> = s.bytes().map(|b| u32::from(digit(b))).collect();
    assert_eq!(s.as_bytes()[0], b'&');
    let (k, lacking, packed) = (digits[1] & 15, digits[1] & 16 != 0, digits[1] & 32 != 0);
    let (mut at, mut count, mut shift) = (2, 0, 0);
    loop {
        count |= (digits[at] & 31) << shift;
        shift += 5;
        at += 1;
        if digits[at - 1] < 32 {
            break;
        }
    }
    let mut bits = digits[at..]
        .iter()
        .flat_map(|&d| (0..6).map(move |b| (d >> b) & 1));
    let mut used = 0usize;
    let mut pages = Vec::new();
    let mut next = 0;
    for _ in 0..count {
        let mut q = 0;
        loop {
            used += 1;
            if bits.next().unwrap() == 0 {
                break;
            }
            q += 1;
        }
        let mut low = 0;
        for b in 0..k {
            used += 1;
            low |= bits.next().unwrap() << b;
        }
        let page = next + (q << k) + low;
        pages.push(page);
        next = page + 1;
    }
    if lacking {
        pages = (0..total).filter(|p| !pages.contains(p)).collect();
    }
    (pages, at + used.div_ceil(6), packed)
}

/// A list that a bitmap or varints write at more than a byte a page or posting: Rice-coded,
/// from its pages or from the pages it lacks, whichever are fewer, with the impacts after.
#[test]
fn long_sparse_lists_are_rice_coded() {
    // One page in nine of 20,000, at varying gaps, one impact value in four.
    let list: Vec<Posting> = (0..20_000u32)
        .filter(|p| (p.wrapping_mul(2_654_435_761) >> 7) % 9 == 0)
        .map(|page| Posting {
            page,
            impact: (page % 4 + 1) as u8,
            in_title: page % 1000 == 0,
            in_meta: false,
        })
        .collect();
    let gaps_form: usize = list.iter().map(|p| 2 + usize::from(p.page >= 32)).sum();
    let s = encode_postings(&list, 20_000);
    assert!(s.starts_with('&'), "{}", &s[..20]);
    let (pages, at, packed) = rice_pages(&s, 20_000);
    assert_eq!(pages, list.iter().map(|p| p.page).collect::<Vec<_>>());
    assert!(packed, "four impacts values are coded");
    let values: Vec<u8> = list.iter().map(|p| digit(impact_letter(p) as u8)).collect();
    assert_eq!(&s[at..], super::super::pack::impacts(&values).unwrap());
    // Varints and a letter a posting take about two letters: this takes about one.
    assert!(s.len() * 3 < gaps_form * 2, "{} of {gaps_form}", s.len());
    // On nine pages in ten: the pages it lacks.
    let most: Vec<Posting> = (0..20_000u32)
        .filter(|p| (p.wrapping_mul(2_654_435_761) >> 7) % 10 != 0)
        .map(|page| Posting {
            page,
            impact: 1,
            in_title: false,
            in_meta: false,
        })
        .collect();
    let s = encode_postings(&most, 20_000);
    assert!(s.starts_with('&'), "{}", &s[..20]);
    let (pages, at, packed) = rice_pages(&s, 20_000);
    assert_eq!(pages, most.iter().map(|p| p.page).collect::<Vec<_>>());
    assert!(digit(s.as_bytes()[1]) & 16 != 0, "the pages it lacks");
    assert!(packed);
    assert!(s.len() - at < 10, "one impact value: a table and no bits");
    // A short list stays as it was.
    assert!(!encode_postings(&list[..100], 20_000).starts_with('&'));
}

#[test]
fn a_value_most_pages_have_is_a_bitmap() {
    let most: Vec<u32> = (0..600).filter(|p| p % 10 != 0).collect();
    let s = encode_page_set(&most, 600);
    assert!(s.starts_with('~') && s.len() == 101, "{}", s.len());
    assert_eq!(s.as_bytes()[1], ALPHABET[0b111110]);
    let few = [3, 500];
    assert_eq!(encode_page_set(&few, 600), encode_pages(&few));
}

#[test]
fn pages_round_trip() {
    let pages = [3, 4, 5, 100, 33000];
    let back: Vec<u32> = decode(&encode_pages(&pages), false)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(back, pages);
}

#[test]
fn entries_are_front_coded_by_utf16_units() {
    assert_eq!(shared_prefix("bao", "bao luc"), (3, 3));
    assert_eq!(shared_prefix("đi", "đinh"), (2, 3));
    assert_eq!(shared_prefix("a\u{1F600}b", "a\u{1F600}c"), (3, 5));
    assert_eq!(shared_prefix("x", ""), (0, 0));
    let long = "a".repeat(80);
    assert_eq!(shared_prefix(&long, &long).0, 63);
    let p = |page| Posting {
        page,
        impact: 5,
        in_title: false,
        in_meta: false,
    };
    let terms = vec![
        (TermKey::new("bao".into()), vec![p(0)]),
        (TermKey::new("bao luc".into()), vec![p(1)]),
    ];
    assert_eq!(
        encode_with_base(&terms, None, None, 1000),
        "0bao|05;3 luc|15;"
    );
    assert_eq!(
        encode_with_base(&terms[1..], None, Some("bao"), 1000),
        "3 luc|15;"
    );
    assert_eq!(
        front_coded(&["bao".into(), "bao luc".into(), "c".into()]),
        "0bao;3 luc;0c;"
    );
}

#[test]
fn exact_variants_are_subsets_of_their_fold() {
    let p = |page| Posting {
        page,
        impact: 3,
        in_title: false,
        in_meta: false,
    };
    let base: Vec<Posting> = (0..60).map(|i| p(i * 2)).collect();
    // Nearly all: a bitmap, 10 letters for 60 postings.
    let most: Vec<Posting> = base.iter().copied().filter(|x| x.page != 10).collect();
    let s = encode_subset(&base, &most);
    assert_eq!(s.len(), 11);
    // Page 10 is position 5: the first letter has bits 0..4 set, 31.
    assert_eq!(&s[..3], "1V_");
    // A few: positions. Pages 4 and 100 are positions 2 and 50.
    let few = vec![p(4), p(100)];
    assert_eq!(
        encode_subset(&base, &few),
        format!("02{}", {
            let mut v = String::new();
            push_varint(&mut v, 47);
            v
        })
    );
}

#[test]
fn a_big_group_is_cut_between_its_variants_and_keyed_for_lookup() {
    let p = |page| Posting {
        page,
        impact: 3,
        in_title: false,
        in_meta: false,
    };
    let list =
        |from: u32, step: usize| -> Vec<Posting> { (from..2000).step_by(step).map(p).collect() };
    // "phu" in every page, "phú" and "phụ" in some, then "phu nu": one group too big for a
    // 600-byte shard, then a small one.
    let terms = vec![
        (TermKey::new("phu".into()), list(0, 1)),
        (TermKey::new("phú".into()), list(0, 3)),
        (TermKey::new("phụ".into()), list(1, 3)),
        (TermKey::new("phu nu".into()), list(0, 700)),
    ];
    let mut sorted = terms.clone();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        sorted[3].0.term.0, "phu nu",
        "variants sort before longer terms"
    );
    let ix = TermIndex::of_lists(sorted);
    let mut files = Vec::new();
    let bounds = term_shards(&ix, 600, 2000, &mut files);
    assert_eq!(
        bounds,
        ["", "phu\u{1}", "phu\u{1}phụ", "phu "],
        "the fold alone, each variant in a small shard, the next group in a new one; each \
         bound the shortest that sorts after the shard before"
    );
    assert_eq!(files.len(), 4);
    let text = |i: usize| String::from_utf8(files[i].bytes.clone()).unwrap();
    assert!(
        text(0).contains("0phu|") && !text(0).contains("ú"),
        "{}",
        text(0)
    );
    // A variant in a shard of its own is still a subset of its fold: a bitmap of positions.
    assert!(text(1).contains("0phú|1"), "{}", text(1));
    assert!(
        text(2).contains("0phụ|1") && text(3).contains("0phu nu|"),
        "{} {}",
        text(2),
        text(3)
    );
    // The bounds sort as the browser compares them (UTF-16 units), so its binary search
    // finds each term's shard by its key.
    let keys: Vec<String> = ix.terms.iter().map(|(k, _)| shard_key(k)).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    // A group that fits stays whole.
    let mut files = Vec::new();
    assert_eq!(term_shards(&ix, 1 << 20, 2000, &mut files), [""]);
}

#[test]
fn pairs_with_a_stop_word_are_left_out() {
    let p = |page| Posting {
        page,
        impact: 3,
        in_title: false,
        in_meta: false,
    };
    let mut terms: Vec<(TermKey, Vec<Posting>)> =
        ["nu", "nu va", "nữ và", "phu nu", "va", "va tre", "vat va"]
            .iter()
            .map(|t| (TermKey::new(t.to_string()), vec![p(0)]))
            .collect();
    terms.sort_by(|a, b| a.0.cmp(&b.0));
    let ix = TermIndex::of_lists(terms);
    let mut files = Vec::new();
    term_shards(&ix, 1 << 20, 10, &mut files);
    let text = String::from_utf8(files[0].bytes.clone()).unwrap();
    assert!(
        text.contains("0nu|") && text.contains("0phu nu|") && text.contains("0va|"),
        "{text}"
    );
    assert!(
        !text.contains("nu va") && !text.contains("và") && !text.contains("va tre"),
        "{text}"
    );
    assert!(!text.contains("vat va"), "either word: {text}");
    assert!(!is_stop_pair("va") && !is_stop_pair("cho vay") && is_stop_pair("cho va"));
}

#[test]
fn bounds_are_the_shortest_separators() {
    assert_eq!(separator("binh", "bo"), "bo");
    assert_eq!(separator("binh dang", "binh dang gioi"), "binh dang ");
    assert_eq!(separator("gia dinh", "giai"), "giai");
    assert_eq!(separator("an", "bao luc"), "b");
    assert_eq!(separator("phu", "phu\u{1}phụ"), "phu\u{1}");
}

#[test]
fn js_strings_escape_line_separators() {
    assert_eq!(js_str("a\u{2028}b\"c"), "\"a\\u2028b\\\"c\"");
}

#[test]
fn shards_over_the_target_make_one_warning_at_the_largest() {
    let file = |n: usize, len: usize| OutputFile {
        path: format!("search/t-{n}.js"),
        bytes: vec![b'a'; len],
    };
    let files = [
        file(0, 100),
        file(1, 3000),
        file(2, 5000),
        file(3, 4000),
        OutputFile {
            path: "search/f-tag.js".into(),
            bytes: vec![b'a'; 9000],
        },
    ];
    let refs: Vec<&OutputFile> = files.iter().collect();
    let (lines, diags) = report(&refs, refs.len(), 1024);
    assert_eq!(lines.len(), 6, "{lines:?}");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].path.to_string_lossy(), "search/t-2.js");
    assert!(
        diags[0].message.starts_with("3 search term shards"),
        "{:?}",
        diags[0]
    );
    let (_, one) = report(&refs[..2], 2, 1024);
    assert_eq!(one.len(), 1);
    assert!(
        one[0].message.starts_with("search term shard is 2.9 KB"),
        "{:?}",
        one[0]
    );
    let (_, none) = report(&refs[..1], 1, 1024);
    assert!(none.is_empty());
}

/// Two index files with one name (a forced meeting of two names' hashes): the report says so
/// as an error, which fails the build, where one file would have overwritten the other.
#[test]
fn two_files_with_one_name_are_an_error() {
    let file = |path: &str, body: &str| OutputFile {
        path: path.to_string(),
        bytes: body.as_bytes().to_vec(),
    };
    let files = [
        file("search/manifest.js", "m"),
        file("search/t-abc.js", "one shard"),
        file("search/r-xyz.js", "a tail"),
        file("search/t-abc.js", "another shard"),
        file("search/p/0.js", "pages"),
    ];
    let all: Vec<&OutputFile> = files.iter().collect();
    let (_, diags) = report(&all, 4, 16 * 1024);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].severity, crate::diagnostic::Severity::Error);
    assert!(diags[0].message.contains("search/t-abc.js"), "{diags:?}");
    let distinct: Vec<&OutputFile> = files[..3].iter().chain(&files[4..]).collect();
    assert!(report(&distinct, 3, 16 * 1024).1.is_empty());
}
