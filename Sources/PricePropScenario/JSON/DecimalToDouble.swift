// The Eisel–Lemire algorithm, from Daniel Lemire, "Number Parsing at a Gigabyte per Second", Software: Practice
// and Experience 51(8), 2021 (after an idea of Michael Eisel). `eiselLemire(mantissa:exponent:negative:)` is a
// port of `eiselLemire64` in Go's `strconv/eisel_lemire.go`, which follows Nigel Tao's C version in Wuffs and
// carries this notice:
//
// Copyright 2020 The Go Authors. All rights reserved.
//
// Redistribution and use in source and binary forms, with or without modification, are permitted provided that
// the following conditions are met:
//
//    * Redistributions of source code must retain the above copyright notice, this list of conditions and the
//      following disclaimer.
//    * Redistributions in binary form must reproduce the above copyright notice, this list of conditions and the
//      following disclaimer in the documentation and/or other materials provided with the distribution.
//    * Neither the name of Google Inc. nor the names of its contributors may be used to endorse or promote
//      products derived from this software without specific prior written permission.
//
// THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED
// WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A
// PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY
// DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
// PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
// CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR
// OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

/// Exact conversion of a decimal `mantissa × 10^exponent` to the nearest `Double`, for the numbers the JSON parser
/// reads with up to 19 significant digits.
///
/// A 64-bit mantissa times a 128-bit truncation of the power of ten locates the result to within a fraction of a
/// unit in the last place; the few products too close to a rounding boundary to tell which way it goes, and
/// results that are subnormal or overflow, are left to a slower exact parser. `DecimalToDoubleTests` compares it
/// with the C library's `strtod` bit for bit.
enum DecimalToDouble {
    /// The decimal exponents ``powersOfTen`` covers. Below, any 64-bit mantissa gives less than half the smallest
    /// subnormal; above, more than the largest finite `Double`; either way the caller's exact parser decides.
    static let exponentRange = -342...308

    /// `mantissa × 10^exponent`, negated when `negative`, correctly rounded (ties to even) like `strtod`; `nil`
    /// when the algorithm cannot decide the rounding, the exponent is outside ``exponentRange`` or the result is
    /// subnormal or infinite. A zero mantissa gives a zero of the requested sign.
    static func eiselLemire(mantissa: UInt64, exponent: Int, negative: Bool) -> Double? {
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        guard exponentRange.contains(exponent) else { return nil }

        // With the mantissa's top bit set, the product's leading one is in bit 127 or 126 of the 128.
        let leadingZeros = mantissa.leadingZeroBitCount
        let normalized = mantissa << leadingZeros
        // ⌊exponent · log₂ 10⌋ (217706 / 2¹⁶ is log₂ 10 to enough places for this range), plus 64 for the
        // product's scale and 1023 for the bias, less the shift; one less below if the leading one is in bit 126.
        var biasedExponent = ((217_706 * exponent) >> 16) + 64 + 1023 - leadingZeros
        let index = 2 * (exponent - exponentRange.lowerBound)

        return powersOfTen.withUnsafeBufferPointer { table -> Double? in
            var (high, low) = normalized.multipliedFullWidth(by: table[index])
            // The power's bits past its high half add less than `normalized` to `low`. When that could carry
            // out of `high`'s nine lowest bits (all ones) towards the bits kept, take its low half into account.
            if high & 0x1FF == 0x1FF, low &+ normalized < normalized {
                let (crossHigh, crossLow) = normalized.multipliedFullWidth(by: table[index + 1])
                let (mergedLow, carry) = low.addingReportingOverflow(crossHigh)
                let mergedHigh = carry ? high &+ 1 : high
                // Still all ones with a carry possible from the bits past 128: the table is not precise enough.
                if mergedHigh & 0x1FF == 0x1FF, mergedLow == .max, crossLow &+ normalized < normalized { return nil }
                high = mergedHigh
                low = mergedLow
            }

            // Keep 54 bits: the 53 of a double and one to round with.
            let topBit = high >> 63
            var significand = high >> (topBit + 9)
            biasedExponent -= Int(1 ^ topBit)

            // Halfway between two doubles as far as the product shows, the lower one even: a true tie rounds
            // down, but the power's truncated bits may hide a remainder that rounds up. Undecided.
            if low == 0, high & 0x1FF == 0, significand & 3 == 1 { return nil }

            // Round half up from 54 to 53 bits; the ties where that differs from ties to even were excluded just
            // above. A carry out of the top adds one to the exponent.
            significand += significand & 1
            significand >>= 1
            if significand >> 53 > 0 {
                significand >>= 1
                biasedExponent += 1
            }
            // A subnormal result has fewer bits than rounded to here, and an overflow is no `Double`: leave both
            // to the exact parser.
            guard biasedExponent >= 1, biasedExponent <= 0x7FE else { return nil }
            let sign: UInt64 = negative ? 1 << 63 : 0
            return Double(bitPattern: sign | UInt64(biasedExponent) << 52 | significand & (1 << 52 - 1))
        }
    }
}
