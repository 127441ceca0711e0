//! The impacts of a common term, packed by the values it uses.
//!
//! A term in most pages is written as a bitmap of the pages and then one impact letter per page
//! (see `shard.rs`): at 10,000 pages the letters are nine tenths of its 11 KB, and a query made
//! of common words ("phụ nữ và trẻ em") loads several such terms. A term uses few of the 64
//! impact letters ("và": two), so its letters are written as a table of the values it uses and,
//! per page, the value's place in the table in as few bits as the table needs, six bits a
//! letter. Nothing is lost: the browser gets the same impacts.

const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// `values` (each 0..64) as: a letter for the table's length less one, the table's letters in
/// increasing order, then each value's place in the table, `bits` bits each, least significant
/// first, six bits a letter. None when packing saves nothing (more than 32 values used).
pub(crate) fn impacts(values: &[u8]) -> Option<String> {
    let mut used = [false; 64];
    for &v in values {
        used[usize::from(v & 63)] = true;
    }
    let table: Vec<u8> = (0..64u8).filter(|&v| used[usize::from(v)]).collect();
    let bits = bits_for(table.len());
    if table.is_empty() || bits >= 6 {
        return None;
    }
    let mut place = [0u32; 64];
    for (i, &v) in table.iter().enumerate() {
        place[usize::from(v)] = i as u32;
    }
    let mut out = String::with_capacity(1 + table.len() + (values.len() * bits).div_ceil(6));
    out.push(ALPHABET[table.len() - 1] as char);
    out.extend(table.iter().map(|&v| ALPHABET[usize::from(v)] as char));
    let (mut acc, mut held) = (0u32, 0usize);
    for &v in values {
        acc |= place[usize::from(v & 63)] << held;
        held += bits;
        while held >= 6 {
            out.push(ALPHABET[(acc & 63) as usize] as char);
            acc >>= 6;
            held -= 6;
        }
    }
    if held > 0 {
        out.push(ALPHABET[(acc & 63) as usize] as char);
    }
    Some(out)
}

/// Bits needed to tell `n` values apart (0 for one).
fn bits_for(n: usize) -> usize {
    (usize::BITS - n.saturating_sub(1).leading_zeros()) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser's reading (`decode` in search/10-load.js), for the round trip.
    fn unpack(s: &str, count: usize) -> Vec<u8> {
        let digit = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        let b = s.as_bytes();
        let k = digit(b[0]) as usize + 1;
        let table: Vec<u8> = b[1..=k].iter().map(|&c| digit(c) as u8).collect();
        let bits = bits_for(k);
        let (mut acc, mut held, mut at) = (0u32, 0usize, 1 + k);
        (0..count)
            .map(|_| {
                while held < bits {
                    acc |= digit(b[at]) << held;
                    at += 1;
                    held += 6;
                }
                let i = acc & ((1 << bits) - 1);
                acc >>= bits;
                held -= bits;
                table[i as usize]
            })
            .collect()
    }

    #[test]
    fn packed_impacts_round_trip_and_shrink() {
        let two: Vec<u8> = (0..600).map(|i| if i % 3 == 0 { 30 } else { 14 }).collect();
        let s = impacts(&two).unwrap();
        assert_eq!(&s[..3], "1EU");
        assert_eq!(s.len(), 3 + 100);
        assert_eq!(unpack(&s, two.len()), two);
        let many: Vec<u8> = (0..1000).map(|i| (i * 7 % 13 + 3) as u8).collect();
        let s = impacts(&many).unwrap();
        assert_eq!(s.len(), 1 + 13 + (1000 * 4_usize).div_ceil(6));
        assert_eq!(unpack(&s, many.len()), many);
        let one = vec![5u8; 40];
        assert_eq!(impacts(&one).unwrap(), "05");
        assert_eq!(unpack("05", 40), one);
        let all: Vec<u8> = (0..64).collect();
        assert_eq!(impacts(&all), None);
    }

    #[test]
    fn bits_for_table_sizes() {
        let sizes: Vec<usize> = [1, 2, 3, 4, 5, 8, 9, 32, 33].map(bits_for).to_vec();
        assert_eq!(sizes, [0, 1, 2, 2, 3, 3, 4, 5, 6]);
    }
}
