//! A term's postings as the build holds them until the shard writer encodes them: per posting
//! one byte of impact and flags, then the gap from the page after the previous posting's as a
//! varint (seven bits a byte, low bits first).
//!
//! At 100,000 pages the index holds 186 million postings: eight bytes each as [`Posting`]s,
//! in vectors grown by doubling, they took about 2 GB; here a posting takes two bytes on most
//! lists (a common word's gaps are small) and about three on rare ones. The writer decodes a
//! term's list into a buffer it reuses ([`List::decode_into`]) when it encodes it.

use super::Posting;

/// One term's postings in page order, packed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct List {
    bytes: Vec<u8>,
    len: u32,
    /// The page after the last posting's: the next posting's gap counts from it.
    next: u32,
}

const TITLE: u8 = 1 << 6;
const META: u8 = 1 << 7;
const MORE: u8 = 0x80;

impl List {
    /// Appends `p`, whose page comes after the last posting's.
    pub(crate) fn push(&mut self, p: Posting) {
        debug_assert!(p.page >= self.next && p.impact < TITLE, "{p:?}");
        let flags = if p.in_title { TITLE } else { 0 } | if p.in_meta { META } else { 0 };
        let head = p.impact | flags;
        let mut gap = p.page - self.next;
        if gap < u32::from(MORE) {
            // Most postings: a gap of one byte.
            self.bytes.extend_from_slice(&[head, gap as u8]);
        } else {
            self.bytes.push(head);
            while gap >= u32::from(MORE) {
                self.bytes.push(gap as u8 | MORE);
                gap >>= 7;
            }
            self.bytes.push(gap as u8);
        }
        self.len += 1;
        self.next = p.page + 1;
    }

    /// Asks for the memory where the next posting will be written.
    pub(crate) fn prefetch_end(&self) {
        super::table::prefetch(self.bytes.as_ptr().wrapping_add(self.bytes.len()));
    }

    /// The number of postings (of pages the term is on).
    pub(crate) fn len(&self) -> usize {
        self.len as usize
    }

    /// The bytes the list holds, its spare room included.
    pub(crate) fn capacity(&self) -> usize {
        self.bytes.capacity()
    }

    /// Gives back the spare room the list grew by, when it is worth a copy (a list of a few
    /// postings has a few bytes of it).
    pub(crate) fn shrink_to_fit(&mut self) {
        if self.bytes.capacity() - self.bytes.len() >= SPARE {
            self.bytes.shrink_to_fit();
        }
    }

    /// The postings, into `out` (cleared first; its memory is reused from list to list).
    pub(crate) fn decode_into(&self, out: &mut Vec<Posting>) {
        out.clear();
        out.reserve(self.len());
        let bytes = &self.bytes[..];
        let (mut at, mut next) = (0, 0);
        while at + 1 < bytes.len() {
            let head = bytes[at];
            let mut b = bytes[at + 1];
            let mut gap = u32::from(b & !MORE);
            let mut shift = 7;
            at += 2;
            while b & MORE != 0 {
                b = bytes[at];
                gap |= u32::from(b & !MORE) << shift;
                shift += 7;
                at += 1;
            }
            let page = next + gap;
            next = page + 1;
            out.push(Posting {
                page,
                impact: head & (TITLE - 1),
                in_title: head & TITLE != 0,
                in_meta: head & META != 0,
            });
        }
    }
}

/// The spare bytes at which a buffer held until the index is written is worth shrinking.
pub(crate) const SPARE: usize = 64;

#[cfg(test)]
impl List {
    pub(crate) fn to_vec(&self) -> Vec<Posting> {
        let mut out = Vec::new();
        self.decode_into(&mut out);
        out
    }
}

impl FromIterator<Posting> for List {
    fn from_iter<I: IntoIterator<Item = Posting>>(postings: I) -> Self {
        let mut list = List::default();
        for p in postings {
            list.push(p);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every impact and flag, gaps of zero and at each varint length's edges, the last page a
    /// u32 holds but one: what is pushed is what comes back, in two bytes when the gap is small.
    #[test]
    fn postings_come_back_as_they_were_pushed() {
        let mut postings = Vec::new();
        let mut page = 0u32;
        for (i, gap) in [0, 1, 0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 5]
            .into_iter()
            .enumerate()
        {
            page += gap;
            postings.push(Posting {
                page,
                impact: (i * 7 % 64) as u8,
                in_title: i % 2 == 0,
                in_meta: i % 3 == 0,
            });
            page += 1;
        }
        postings.push(Posting {
            page: u32::MAX - 1,
            impact: 15,
            in_title: true,
            in_meta: true,
        });
        let list: List = postings.iter().copied().collect();
        assert_eq!(list.len(), postings.len());
        assert_eq!(list.to_vec(), postings);
        let mut out = vec![postings[3]];
        list.decode_into(&mut out);
        assert_eq!(out, postings);
        let dense: List = (0..1000)
            .map(|page| Posting {
                page: page * 3,
                impact: 9,
                in_title: false,
                in_meta: true,
            })
            .collect();
        assert_eq!(dense.bytes.len(), 2000);
        assert_eq!(List::default().to_vec(), []);
    }
}
