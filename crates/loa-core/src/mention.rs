//! Where a document is mentioned in running text ("Nghị quyết 11", "11-NQ/TW"): the site turns
//! a mention into a link, a booklet adds the document's number after it. Both find mentions with
//! [`find_mention`], so a page and its printed chapter agree on what is a mention.
//!
//! A mention is whole: the character before it is not a letter or digit, and the character after
//! it is not a letter, a digit, `/` or `-`. The last two matter for numbers: "Nghị quyết 11-NQ"
//! and "Nghị quyết 11/2020" name other documents than "Nghị quyết 11", so neither is a mention
//! of it.

/// Whether `c`, the character just before a match, lets the match start a mention.
pub fn mention_boundary_before(c: Option<char>) -> bool {
    c.is_none_or(|c| !c.is_alphanumeric())
}

/// Whether `c`, the character just after a match, lets the match end a mention.
pub fn mention_boundary_after(c: Option<char>) -> bool {
    c.is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '-')
}

/// Byte offset of the first whole mention `form` in `text`, searching from byte `from`.
pub fn find_mention(text: &str, form: &str, from: usize) -> Option<usize> {
    if form.is_empty() {
        return None;
    }
    let mut at = from;
    while let Some(i) = text.get(at..)?.find(form) {
        let start = at + i;
        let end = start + form.len();
        if mention_boundary_before(text[..start].chars().next_back())
            && mention_boundary_after(text[end..].chars().next())
        {
            return Some(start);
        }
        at = start + text[start..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_mentions_only() {
        assert_eq!(find_mention("theo NQ 11, và", "NQ 11", 0), Some(5));
        assert_eq!(find_mention("theo NQ 112", "NQ 11", 0), None);
        assert_eq!(
            find_mention("Nghị quyết 11-NQ/TW.", "11-NQ/TW", 0),
            Some(15)
        );
        assert_eq!(find_mention("đNQ 11", "NQ 11", 0), None);
    }

    #[test]
    fn a_longer_number_is_not_a_mention() {
        assert_eq!(
            find_mention("Nghị quyết 11-NQ của", "Nghị quyết 11", 0),
            None
        );
        assert_eq!(find_mention("Nghị quyết 11/2020", "Nghị quyết 11", 0), None);
        assert_eq!(
            find_mention("Nghị quyết 11 và", "Nghị quyết 11", 0),
            Some(0)
        );
    }

    #[test]
    fn a_later_occurrence_is_found_after_a_rejected_one() {
        let text = "NQ 11-a, NQ 11.";
        assert_eq!(find_mention(text, "NQ 11", 0), Some(9));
        assert_eq!(find_mention(text, "NQ 11", 10), None);
    }
}
