//! Abbreviations and synonyms: "BLGĐ" finds "bạo lực gia đình" and the other way round, and an
//! English query ("gender equality") finds the Vietnamese pages.
//!
//! Applied at query time, not at index time: a group costs the manifest a few bytes, where
//! indexing every page under every form would grow each posting list the group touches. The
//! manifest ships the groups folded (`["bdg", "binh dang gioi"]`); the browser replaces a run of
//! query words equal to one member by the group's other members as alternatives (see
//! `search.js`, `synonymUnits`). Every member of a group maps to every other: the map is both ways.
//!
//! The built-in list holds the abbreviations of this field (`FACTS.md`'s list and the usual
//! ones) and a few English phrases; a site adds its own in `loa.yaml`
//! (`search: { synonyms: { "BLGĐ": ["bạo lực gia đình"] } }`), checked by [`check`] with the
//! position of each bad term.

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::Path;

/// Groups of terms that mean the same; the first is the abbreviation or the shortest form.
const BUILT_IN: &[&[&str]] = &[
    &["BĐG", "bình đẳng giới", "gender equality"],
    &["BLGĐ", "bạo lực gia đình", "domestic violence"],
    &["PCBLGĐ", "phòng chống bạo lực gia đình"],
    &["VSTBCPN", "vì sự tiến bộ của phụ nữ"],
    &["CNQP", "công nghiệp quốc phòng"],
    &["QĐND", "quân đội nhân dân"],
    &["BQP", "bộ quốc phòng"],
    &["UBND", "ủy ban nhân dân"],
    &["HĐND", "hội đồng nhân dân"],
    &["LHPN", "liên hiệp phụ nữ"],
    &["HLHPN", "hội liên hiệp phụ nữ"],
    &["NQ", "nghị quyết", "resolution"],
    &["CT", "chỉ thị", "directive"],
    &["TT", "thông tư", "circular"],
    &["TW", "trung ương"],
    &["BLTCSG", "bạo lực trên cơ sở giới", "gender-based violence"],
    &["luật", "law"],
    &["phụ nữ", "women", "woman"],
    &["đường dây nóng", "hotline"],
    &["bạo lực", "violence"],
    &["giới", "gender"],
];

/// Terms longer than this many words are refused: a synonym is a word or a short phrase.
pub(crate) const MAX_WORDS: usize = 8;

/// The site's groups after the check: each key with its alternatives, as written.
pub type SiteSynonyms = Vec<(String, Vec<String>)>;

/// The folded word sequence of a term (`"Luật BĐG"` → `"luat bdg"`); empty when it has no
/// letters or digits.
fn folded(term: &str) -> String {
    let t = super::tokenize(term);
    t.words
        .iter()
        .map(|w| w.fold.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every group that can help a query: built in then the site's, folded, each member once, as
/// `[members the index holds, members it does not]`. A query may name any member; only members
/// the index holds are worth searching for (an English phrase absent from the content would
/// only cost the browser a shard load), so groups with none, or with one member in all, are
/// left out. `holds(term)` tells whether the index has a folded word or word pair.
pub(crate) fn groups(
    site: &[(String, Vec<String>)],
    holds: impl Fn(&str) -> bool,
) -> Vec<[Vec<String>; 2]> {
    let present = |member: &str| {
        let words: Vec<&str> = member.split(' ').collect();
        match words.len() {
            1 => holds(member),
            _ => words
                .windows(2)
                .all(|w| holds(&format!("{} {}", w[0], w[1]))),
        }
    };
    all_groups(site)
        .into_iter()
        .filter_map(|g| {
            let (yes, no): (Vec<String>, Vec<String>) = g.into_iter().partition(|m| present(m));
            (!yes.is_empty()).then_some([yes, no])
        })
        .collect()
}

/// Every group, built in then the site's, folded, each member once, groups of one left out.
fn all_groups(site: &[(String, Vec<String>)]) -> Vec<Vec<String>> {
    let built_in = BUILT_IN
        .iter()
        .map(|g| g.iter().map(|s| folded(s)).collect::<Vec<_>>());
    let own = site.iter().map(|(k, v)| {
        std::iter::once(folded(k))
            .chain(v.iter().map(|s| folded(s)))
            .collect::<Vec<_>>()
    });
    built_in
        .chain(own)
        .filter_map(|g| {
            let mut out: Vec<String> = Vec::new();
            for t in g {
                if !t.is_empty() && !out.contains(&t) {
                    out.push(t);
                }
            }
            (out.len() > 1).then_some(out)
        })
        .collect()
}

/// Checks `search: synonyms` of `loa.yaml` (`text`): every key and value must hold letters or
/// digits and at most [`MAX_WORDS`] words, and every key needs at least one value. All problems
/// are reported, each at the term's position.
pub(crate) fn check(
    raw: Vec<(String, Vec<String>)>,
    text: &str,
    shown: &Path,
    diags: &mut Diagnostics,
) -> SiteSynonyms {
    let spans = crate::yaml::Spans::of(text);
    let place = Place {
        spans: &spans,
        text,
    };
    let mut out = Vec::new();
    for (key, values) in raw {
        let mut ok = check_term(&key, place.key(&key), text, shown, diags);
        if values.is_empty() {
            let (line, col) = place.key(&key);
            diags.push(
                Diagnostic::error("config", shown, format!("search synonym `{key}` has no alternatives"))
                    .vi(format!("từ đồng nghĩa `{key}` chưa có từ nào đi kèm"))
                    .at_in(text, line, col)
                    .hint(format!("write e.g. `\"{key}\": [\"first form\", \"second form\"]`, or remove the line"))
                    .hint_vi(format!("viết ví dụ `\"{key}\": [\"cách viết một\", \"cách viết hai\"]`, hoặc xóa dòng này đi")),
            );
            ok = false;
        }
        for v in &values {
            ok &= check_term(v, place.value(&key, v), text, shown, diags);
        }
        if ok {
            out.push((key, values));
        }
    }
    out
}

/// Whether `term` is usable; reports it at `(line, col)` otherwise.
fn check_term(
    term: &str,
    (line, col): (usize, usize),
    text: &str,
    shown: &Path,
    diags: &mut Diagnostics,
) -> bool {
    let f = folded(term);
    let words = if f.is_empty() {
        0
    } else {
        f.split(' ').count()
    };
    if (1..=MAX_WORDS).contains(&words) {
        return true;
    }
    let d = if words == 0 {
        Diagnostic::error(
            "config",
            shown,
            format!("search synonym `{term}` has no letters or digits"),
        )
        .vi(format!(
            "từ đồng nghĩa `{term}` không có chữ cái hay chữ số nào"
        ))
        .hint("write the word or phrase a reader would type, e.g. `BLGĐ` or `bạo lực gia đình`")
        .hint_vi("viết từ hoặc cụm từ người đọc sẽ gõ, ví dụ `BLGĐ` hoặc `bạo lực gia đình`")
    } else {
        Diagnostic::error(
            "config",
            shown,
            format!("search synonym `{term}` has {words} words; at most {MAX_WORDS} are allowed"),
        )
        .vi(format!(
            "từ đồng nghĩa `{term}` dài {words} chữ; tối đa là {MAX_WORDS} chữ"
        ))
        .hint("a synonym is a word or a short phrase: shorten it")
        .hint_vi("từ đồng nghĩa là một từ hay một cụm từ ngắn: hãy rút gọn lại")
    };
    diags.push(d.at_in(text, line, col));
    false
}

/// Where a synonym's key or value stands, from the YAML parser's own positions
/// ([`crate::yaml::Spans`]); the `synonyms:` key when the parser has no node of that name (a key
/// with a dot in it, which the key paths cannot name).
struct Place<'a> {
    spans: &'a crate::yaml::Spans,
    text: &'a str,
}

impl Place<'_> {
    fn fallback(&self) -> (usize, usize) {
        self.spans.key_at("search.synonyms").unwrap_or((1, 1))
    }

    /// A key's own text: inside its quotes when it is quoted, like a value's.
    fn key(&self, key: &str) -> (usize, usize) {
        let Some((line, col)) = self.spans.key_at(&format!("search.synonyms.{key}")) else {
            return self.fallback();
        };
        let quoted = self
            .text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.chars().nth(col - 1))
            .is_some_and(|c| c == '"' || c == '\'');
        (line, col + usize::from(quoted))
    }

    fn value(&self, key: &str, value: &str) -> (usize, usize) {
        self.spans
            .find(&format!("search.synonyms.{key}"), value)
            .unwrap_or_else(|| self.fallback())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_groups_are_folded_and_both_ways() {
        let g = all_groups(&[]);
        let blgd = g.iter().find(|g| g[0] == "blgd").unwrap();
        assert_eq!(blgd, &["blgd", "bao luc gia dinh", "domestic violence"]);
        assert!(g.iter().all(|g| g.len() > 1));
    }

    #[test]
    fn site_groups_follow_the_built_in_ones() {
        let site = vec![(
            "CT 21".to_string(),
            vec!["Chỉ thị 21".to_string(), "ct 21".to_string()],
        )];
        let g = all_groups(&site);
        assert_eq!(g.last().unwrap(), &["ct 21", "chi thi 21"]);
    }

    #[test]
    fn only_members_the_index_holds_are_searched_for() {
        let holds = |t: &str| matches!(t, "blgd" | "bao luc" | "luc gia" | "gia dinh");
        let g = groups(&[], holds);
        let blgd = g
            .iter()
            .find(|g| g[0].contains(&"blgd".to_string()))
            .unwrap();
        assert_eq!(blgd[0], ["blgd", "bao luc gia dinh"]);
        assert_eq!(blgd[1], ["domestic violence"]);
        assert!(
            !g.iter().any(|g| g[1].contains(&"bdg".to_string())),
            "no member held: left out"
        );
    }

    #[test]
    fn bad_terms_are_reported_at_their_place() {
        let text = "title: X\nsearch:\n  synonyms:\n    \"BLGĐ\": [\"!!!\"]\n    \"VAWG\": []\n";
        let raw = vec![
            ("BLGĐ".to_string(), vec!["!!!".to_string()]),
            ("VAWG".to_string(), vec![]),
        ];
        let mut diags = Diagnostics::new();
        let kept = check(raw, text, Path::new("loa.yaml"), &mut diags);
        assert!(kept.is_empty());
        let at: Vec<(usize, usize)> = diags.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(4, 15), (5, 6)]);
    }

    /// A text scan finds the first `?` after `synonyms:`, inside the valid value on the line
    /// above; the parser's positions name the value itself, in flow style too.
    #[test]
    fn a_bad_term_is_found_at_its_own_value_not_at_an_earlier_match() {
        let text = "search:\n  synonyms: { \"BLGĐ\": [\"bạo lực?\"],\n    \"X\": [\"?\"] }\n";
        let raw = vec![
            ("BLGĐ".to_string(), vec!["bạo lực?".to_string()]),
            ("X".to_string(), vec!["?".to_string()]),
        ];
        let mut diags = Diagnostics::new();
        let kept = check(raw, text, Path::new("loa.yaml"), &mut diags);
        assert_eq!(kept.len(), 1);
        let at: Vec<(usize, usize)> = diags.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(3, 12)]);
    }
}
