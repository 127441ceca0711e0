//! The impacts of a common term, coded by how often each value occurs.
//!
//! A term in most pages is written as a bitmap of the pages and then one impact per page (see
//! `shard.rs`): at 10,000 pages the impacts are most of its 7 KB, and a query made of common
//! words ("cán bộ chiến sĩ đơn vị") loads several such terms. A term uses few of the 64 impact
//! letters, and some far more often than others (a common word is mostly "once in the body"), so
//! each value gets a prefix code as long as its share calls for (a canonical Huffman code): about
//! 3.2 bits a page where a fixed width took 4. The codes' bits run on in six-bit letters. Nothing
//! is lost: the browser gets the same impacts.

const ALPHABET: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// The longest code written: longer ones (only for values met once in a list of tens of
/// thousands) fall back to equal lengths, a fixed-width code, which the same reader reads.
const MAX_CODE: u8 = 24;

/// `values` (each 0..64) as: a letter for the table's length less one, the table's letters in
/// increasing order, a letter per table entry for its code's length in bits (0 when the table
/// has one value: no bits follow), then each value's code, most significant bit first, the bits
/// filling six-bit letters from the least significant up. None when coding saves nothing.
pub(crate) fn impacts(values: &[u8]) -> Option<String> {
    let mut count = [0usize; 64];
    for &v in values {
        count[usize::from(v & 63)] += 1;
    }
    let table: Vec<u8> = (0..64u8).filter(|&v| count[usize::from(v)] > 0).collect();
    if table.is_empty() {
        return None;
    }
    let weights: Vec<usize> = table.iter().map(|&v| count[usize::from(v)]).collect();
    let lengths = code_lengths(&weights);
    let codes = canonical(&lengths);
    let mut code_of = [(0u32, 0u8); 64];
    for (i, &v) in table.iter().enumerate() {
        code_of[usize::from(v)] = (codes[i], lengths[i]);
    }
    let bits: usize = values
        .iter()
        .map(|&v| usize::from(code_of[usize::from(v & 63)].1))
        .sum();
    let mut out = String::with_capacity(1 + 2 * table.len() + bits.div_ceil(6));
    out.push(ALPHABET[table.len() - 1] as char);
    out.extend(table.iter().map(|&v| ALPHABET[usize::from(v)] as char));
    out.extend(lengths.iter().map(|&l| ALPHABET[usize::from(l)] as char));
    // A code's bits go out most significant first, each into the next bit up: its bits
    // reversed, written at once.
    for (code, len) in code_of.iter_mut() {
        *code = code
            .reverse_bits()
            .checked_shr(32 - u32::from(*len))
            .unwrap_or(0);
    }
    let mut bits = Bits::new(&mut out);
    for &v in values {
        let (code, len) = code_of[usize::from(v & 63)];
        bits.put(u64::from(code), u32::from(len));
    }
    bits.finish();
    // 64 values used at about six bits each: the plain letters are as short.
    (out.len() < values.len()).then_some(out)
}

/// Bits written into six-bit letters, from the least significant bit of each letter up.
pub(crate) struct Bits<'a> {
    out: &'a mut String,
    acc: u64,
    held: u32,
}

impl<'a> Bits<'a> {
    pub(crate) fn new(out: &'a mut String) -> Self {
        Bits {
            out,
            acc: 0,
            held: 0,
        }
    }

    /// The `n` (at most 32) low bits of `value`, its least significant first.
    pub(crate) fn put(&mut self, value: u64, n: u32) {
        debug_assert!(n <= 32);
        self.acc |= (value & ((1u64 << n) - 1)) << self.held;
        self.held += n;
        while self.held >= 6 {
            self.out.push(ALPHABET[(self.acc & 63) as usize] as char);
            self.acc >>= 6;
            self.held -= 6;
        }
    }

    /// `n` one-bits.
    pub(crate) fn ones(&mut self, mut n: u32) {
        while n > 0 {
            let k = n.min(32);
            self.put(u64::MAX, k);
            n -= k;
        }
    }

    /// Writes the last letter, its unused bits zero.
    pub(crate) fn finish(self) {
        if self.held > 0 {
            self.out.push(ALPHABET[(self.acc & 63) as usize] as char);
        }
    }
}

/// Huffman code lengths for `weights` (each > 0): 0 for a single value; equal lengths (a fixed
/// width) when a code would be longer than [`MAX_CODE`].
fn code_lengths(weights: &[usize]) -> Vec<u8> {
    let n = weights.len();
    if n == 1 {
        return vec![0];
    }
    // Nodes: the leaves, then each merge; a min-heap of (weight, node) merges the two lightest,
    // the lower node first on equal weights, so the code is the same on every build.
    let mut parent = vec![usize::MAX; 2 * n - 1];
    let mut heap: std::collections::BinaryHeap<std::cmp::Reverse<(usize, usize)>> = weights
        .iter()
        .enumerate()
        .map(|(i, &w)| std::cmp::Reverse((w, i)))
        .collect();
    let mut next = n;
    while heap.len() > 1 {
        let (Some(std::cmp::Reverse((wa, a))), Some(std::cmp::Reverse((wb, b)))) =
            (heap.pop(), heap.pop())
        else {
            break;
        };
        parent[a] = next;
        parent[b] = next;
        heap.push(std::cmp::Reverse((wa + wb, next)));
        next += 1;
    }
    let lengths: Vec<u8> = (0..n)
        .map(|mut i| {
            let mut depth = 0u8;
            while parent[i] != usize::MAX {
                i = parent[i];
                depth = depth.saturating_add(1);
            }
            depth
        })
        .collect();
    if lengths.iter().any(|&l| l > MAX_CODE) {
        return vec![bits_for(n) as u8; n];
    }
    lengths
}

/// The canonical code of each entry: shorter codes first, entries of one length in table order,
/// each code the previous plus one, shifted left as the length grows (how the browser rebuilds
/// them from the lengths alone).
fn canonical(lengths: &[u8]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    order.sort_by_key(|&i| (lengths[i], i));
    let mut codes = vec![0u32; lengths.len()];
    let (mut code, mut len) = (0u32, 0u8);
    for (k, &i) in order.iter().enumerate() {
        if k > 0 {
            code += 1;
        }
        code <<= lengths[i] - len;
        len = lengths[i];
        codes[i] = code;
    }
    codes
}

/// Bits needed to tell `n` values apart (0 for one).
fn bits_for(n: usize) -> usize {
    (usize::BITS - n.saturating_sub(1).leading_zeros()) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs of ones, single bits and values of up to 32 bits land in the letters as writing
    /// them one bit at a time puts them.
    #[test]
    fn bits_fill_the_letters_as_one_bit_at_a_time_does() {
        let writes: [(u64, u32); 9] = [
            (5, 3),
            (0, 1),
            (u64::MAX, 40),
            (1, 1),
            (0xdead_beef, 32),
            (0, 0),
            (3, 2),
            (0, 7),
            (1, 1),
        ];
        let mut got = String::new();
        let mut bits = Bits::new(&mut got);
        for &(v, n) in &writes {
            if v == u64::MAX {
                bits.ones(n);
            } else {
                bits.put(v, n);
            }
        }
        bits.finish();
        let mut one_by_one: Vec<u64> = Vec::new();
        for &(v, n) in &writes {
            one_by_one.extend((0..n).map(|b| if v == u64::MAX { 1 } else { (v >> b) & 1 }));
        }
        let want: String = one_by_one
            .chunks(6)
            .map(|c| {
                ALPHABET[c
                    .iter()
                    .enumerate()
                    .map(|(i, &b)| (b << i) as usize)
                    .sum::<usize>()] as char
            })
            .collect();
        assert_eq!(got, want);
    }

    /// The browser's reading (`unpack` in search/10-load.js), for the round trip: codes of each
    /// length are consecutive, so a code read bit by bit is found by counting per length.
    fn unpack(s: &str, count: usize) -> Vec<u8> {
        let digit = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        let b = s.as_bytes();
        let k = digit(b[0]) as usize + 1;
        let table: Vec<u8> = b[1..=k].iter().map(|&c| digit(c) as u8).collect();
        let lengths: Vec<u32> = b[k + 1..=2 * k].iter().map(|&c| digit(c)).collect();
        if k == 1 {
            return vec![table[0]; count];
        }
        let max = *lengths.iter().max().unwrap() as usize;
        let mut per = vec![0u32; max + 1];
        for &l in &lengths {
            per[l as usize] += 1;
        }
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by_key(|&i| (lengths[i], i));
        let (mut at, mut bit) = (2 * k + 1, 0);
        (0..count)
            .map(|_| {
                let (mut code, mut first, mut index) = (0u32, 0u32, 0u32);
                for &n in &per[1..] {
                    code |= (digit(b[at]) >> bit) & 1;
                    bit += 1;
                    if bit == 6 {
                        bit = 0;
                        at += 1;
                    }
                    if code - first < n {
                        return table[order[(index + code - first) as usize]];
                    }
                    index += n;
                    first = (first + n) << 1;
                    code <<= 1;
                }
                panic!("no code")
            })
            .collect()
    }

    #[test]
    fn coded_impacts_round_trip_and_shrink() {
        let two: Vec<u8> = (0..600).map(|i| if i % 3 == 0 { 30 } else { 14 }).collect();
        let s = impacts(&two).unwrap();
        assert_eq!(&s[..5], "1EU11");
        assert_eq!(s.len(), 5 + 100);
        assert_eq!(unpack(&s, two.len()), two);
        // Skewed: most pages hold the word once, a few more often.
        let skewed: Vec<u8> = (0..3000u32)
            .map(|i| match i % 16 {
                0..=9 => 3,
                10..=12 => 5,
                13 | 14 => 7,
                _ => (i % 13 + 8) as u8,
            })
            .collect();
        let s = impacts(&skewed).unwrap();
        assert_eq!(unpack(&s, skewed.len()), skewed);
        let fixed = 1 + 15 + (3000 * 4_usize).div_ceil(6);
        assert!(s.len() * 10 < fixed * 8, "{} vs {fixed}", s.len());
        let one = vec![5u8; 40];
        assert_eq!(impacts(&one).unwrap(), "050");
        assert_eq!(unpack("050", 40), one);
        let all: Vec<u8> = (0..64).collect();
        assert_eq!(impacts(&all), None);
    }

    #[test]
    fn long_codes_fall_back_to_a_fixed_width() {
        // Fibonacci weights make the deepest Huffman tree: 30 values would need 29-bit codes.
        let mut w = vec![1usize, 1];
        while w.len() < 30 {
            w.push(w[w.len() - 1] + w[w.len() - 2]);
        }
        assert_eq!(code_lengths(&w), vec![5; 30]);
        let values: Vec<u8> = w
            .iter()
            .enumerate()
            .flat_map(|(i, &n)| std::iter::repeat_n(i as u8, n.min(50)))
            .collect();
        let s = impacts(&values).unwrap();
        assert_eq!(unpack(&s, values.len()), values);
    }

    #[test]
    fn canonical_codes_are_prefix_free_and_ordered() {
        let lengths = [2, 1, 3, 3];
        assert_eq!(canonical(&lengths), vec![0b10, 0b0, 0b110, 0b111]);
        assert_eq!(bits_for(1), 0);
        assert_eq!(bits_for(33), 6);
    }
}
