import Glibc
import Testing
import PriceProp
@testable import PricePropExpression
@testable import PricePropScenario
@testable import PricePropAnalysis

/// The Eisel–Lemire fast path against the C library's `strtod`, bit for bit, and the JSON parser's numbers
/// against the standard library's parser that read them all before.
@Suite struct DecimalToDoubleTests {
    /// A decimal `[-]mantissa e exponent`, as text for `strtod`, in a buffer reused across calls.
    final class DecimalText {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 64)
        deinit { buffer.deallocate() }

        /// `strtod` of `[-]mantissa e exponent`.
        func strtodValue(_ mantissa: UInt64, _ exponent: Int, negative: Bool) -> Double {
            var i = 0
            if negative { buffer[i] = 0x2D; i += 1 }
            i = write(mantissa, at: i)
            buffer[i] = 0x65
            i += 1
            if exponent < 0 { buffer[i] = 0x2D; i += 1 }
            i = write(UInt64(exponent.magnitude), at: i)
            buffer[i] = 0
            return strtod(buffer, nil)
        }

        private func write(_ value: UInt64, at start: Int) -> Int {
            var end = start, rest = value
            repeat {
                buffer[end] = CChar(0x30 + rest % 10)
                rest /= 10
                end += 1
            } while rest > 0
            var (i, j) = (start, end - 1)
            while i < j { (buffer[i], buffer[j]) = (buffer[j], buffer[i]); i += 1; j -= 1 }
            return end
        }
    }

    /// The significant digits (from the first nonzero one, at most 19 kept), exponent and sign of a decimal text.
    struct Decimal {
        var mantissa: UInt64 = 0
        var exponent = 0
        var negative = false
        var significantDigits = 0

        init(_ text: UnsafePointer<CChar>) {
            var i = 0
            if text[i] == 0x2D { negative = true; i += 1 }
            var seenPoint = false
            while true {
                let c = UInt8(bitPattern: text[i])
                if c == 0x2E {
                    seenPoint = true
                } else if c >= 0x30, c <= 0x39 {
                    if significantDigits > 0 || c != 0x30 {
                        if significantDigits < 19 {
                            mantissa = mantissa * 10 + UInt64(c - 0x30)
                            if seenPoint { exponent -= 1 }
                        } else if !seenPoint {
                            exponent += 1
                        }
                        significantDigits += 1
                    } else if seenPoint {
                        exponent -= 1
                    }
                } else {
                    break
                }
                i += 1
            }
            if text[i] | 0x20 == 0x65 {
                i += 1
                var exponentNegative = false
                if text[i] == 0x2B || text[i] == 0x2D { exponentNegative = text[i] == 0x2D; i += 1 }
                var written = 0
                while text[i] >= 0x30, text[i] <= 0x39 { written = written * 10 + Int(text[i] - 0x30); i += 1 }
                exponent += exponentNegative ? -written : written
            }
        }
    }

    /// Cases compared, cases the fast path decided, and the first disagreements.
    struct Tally {
        var count = 0
        var decided = 0
        var mismatches: [String] = []

        mutating func add(_ mantissa: UInt64, _ exponent: Int, negative: Bool, reference: Double) {
            count += 1
            guard let value = DecimalToDouble.eiselLemire(mantissa: mantissa, exponent: exponent, negative: negative) else {
                return
            }
            decided += 1
            if value.bitPattern != reference.bitPattern, mismatches.count < 10 {
                mismatches.append("\(negative ? "-" : "")\(mantissa)e\(exponent): \(value) instead of \(reference)")
            }
        }

        var decidedShare: Double { Double(decided) / Double(max(1, count)) }
    }

    /// Finite doubles of every binade, subnormals included, either sign: uniform random bit patterns.
    static func anyFinite(_ rng: inout SplitMix64) -> Double {
        let magnitude = Double(bitPattern: rng.next() % 0x7FF0_0000_0000_0000)
        return rng.next() & 1 == 0 ? magnitude : -magnitude
    }

    @Test func randomDoublesPrintedWith17DigitsAgreeWithStrtod() {
        var rng = SplitMix64(seed: 17)
        var tally = Tally()
        var normal = Tally()
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: 64)
        defer { buffer.deallocate() }
        for _ in 0..<300_000 {
            let x = Self.anyFinite(&rng)
            _ = withVaList([x]) { vsnprintf(buffer, 64, "%.16e", $0) }
            let decimal = Decimal(buffer)
            let reference = strtod(buffer, nil)
            tally.add(decimal.mantissa, decimal.exponent, negative: decimal.negative, reference: reference)
            if x.isNormal { normal.add(decimal.mantissa, decimal.exponent, negative: decimal.negative, reference: reference) }
        }
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches)")
        // Most of the undecided are decimals equal to a double, from 2^44 to 2^57, where the power's truncation
        // leaves the product a hair below a rounding boundary and the algorithm declines: 0.18 % of this sample.
        #expect(normal.decidedShare > 0.995, "only \(normal.decidedShare) decided")
    }

    @Test func shortestDescriptionsAgreeWithStrtod() {
        var rng = SplitMix64(seed: 18)
        var tally = Tally()
        for i in 0..<300_000 {
            // Half across every binade, half like a generated scenario's parameters.
            let x = i.isMultiple(of: 2) ? Self.anyFinite(&rng) : rng.uniform(0, 2)
            x.description.withCString { text in
                let decimal = Decimal(text)
                tally.add(decimal.mantissa, decimal.exponent, negative: decimal.negative, reference: strtod(text, nil))
            }
        }
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches)")
        #expect(tally.decidedShare > 0.99, "only \(tally.decidedShare) decided")
    }

    @Test func randomDigitStringsAgreeWithStrtod() {
        var rng = SplitMix64(seed: 19)
        let text = DecimalText()
        var tally = Tally()
        var powerOfTen: [UInt64] = [1]
        for _ in 1...19 { powerOfTen.append(powerOfTen[powerOfTen.count - 1] * 10) }
        for i in 0..<600_000 {
            let mantissa: UInt64
            if i % 4 == 3 {
                // Any 64-bit mantissa, 20-digit ones included: the function's whole domain.
                mantissa = rng.next()
            } else {
                let digits = 1 + rng.index(below: 19)
                let low = powerOfTen[digits - 1], high = digits == 19 ? 9_999_999_999_999_999_999 : powerOfTen[digits] - 1
                mantissa = low + rng.next() % (high - low + 1)
            }
            let exponent = -350 + rng.index(below: 661)
            let negative = rng.next() & 1 == 1
            tally.add(mantissa, exponent, negative: negative, reference: text.strtodValue(mantissa, exponent, negative: negative))
        }
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches)")
        #expect(tally.decidedShare > 0.9, "only \(tally.decidedShare) decided")
    }

    /// Points exactly halfway between two neighbouring doubles whose decimal fits in 64 bits: `n · 2^k` with `n`
    /// an odd 54-bit integer, an integer for k ≥ 0 and `n · 5^j · 10^−j` for k = −j. Ties go to the even
    /// neighbour, the hardest case for the algorithm, which must either get it right or leave it undecided.
    @Test func exactHalfwayCasesAgreeWithStrtod() {
        var rng = SplitMix64(seed: 20)
        let text = DecimalText()
        var tally = Tally()
        for _ in 0..<100_000 {
            let n = (1 << 53) | rng.next() >> 11 | 1
            let k = -4 + rng.index(below: 15)
            let mantissa = k >= 0 ? n << k : n * (0..<(-k)).reduce(1) { product, _ in product * 5 }
            let exponent = min(k, 0)
            for m in [mantissa - 1, mantissa, mantissa + 1] {
                tally.add(m, exponent, negative: false, reference: text.strtodValue(m, exponent, negative: false))
            }
        }
        // 2^53 + 1, the classic: halfway between 2^53 and 2^53 + 2.
        tally.add(9_007_199_254_740_993, 0, negative: false, reference: 9_007_199_254_740_992)
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches)")
    }

    /// Halfway points anywhere in the range, written out exactly, then cut to 19 significant digits (just below
    /// the tie) and that plus one in the last digit (just above): the closest calls a 19-digit input can ask for.
    @Test func truncatedHalfwayCasesAgreeWithStrtod() {
        var rng = SplitMix64(seed: 21)
        let text = DecimalText()
        var tally = Tally()
        for _ in 0..<3_000 {
            let x = Double(bitPattern: rng.next() % 0x7FEF_FFFF_FFFF_FFFF)
            let (digits, exponent) = Self.halfwayAbove(x)
            let kept = min(digits.count, 19)
            let mantissa = digits[..<kept].reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
            let scale = exponent + digits.count - kept
            for m in [mantissa - 1, mantissa, mantissa + 1] {
                tally.add(m, scale, negative: true, reference: text.strtodValue(m, scale, negative: true))
            }
        }
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches)")
    }

    @Test func powersOfTenAndBoundariesAgreeWithStrtod() {
        let text = DecimalText()
        var tally = Tally()
        var mantissa: UInt64 = 1
        for step in 0...19 {
            for exponent in -360...320 {
                tally.add(mantissa, exponent, negative: false, reference: text.strtodValue(mantissa, exponent, negative: false))
            }
            if step < 19 { mantissa *= 10 }
        }
        tally.add(.max, 0, negative: false, reference: text.strtodValue(.max, 0, negative: false))
        let boundaries = [
            // The smallest subnormal, half of it, and just either side.
            "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "5e-324",
            // The largest subnormal and the smallest normal, and between them.
            "2.2250738585072009e-308", "2.2250738585072011e-308", "2.2250738585072012e-308",
            "2.2250738585072013e-308", "2.2250738585072014e-308", "2.225073858507201e-308",
            // The largest finite double, halfway above it (overflow), and just below.
            "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "17976931348623157e292",
            "9999999999999999999e289", "9999999999999999999e288",
            // Zeros with huge or tiny exponents, 2^53 ± 1, and classic rounding cases.
            "0e308", "0e-350", "9007199254740991", "9007199254740993",
            "0.1", "0.2", "0.3", "1e23", "8.98846567431158e307", "7.2057594037927933e16", "2.2204460492503131e-16",
        ]
        for boundary in boundaries {
            boundary.withCString { text in
                let decimal = Decimal(text)
                tally.add(decimal.mantissa, decimal.exponent, negative: false, reference: strtod(text, nil))
            }
        }
        #expect(tally.mismatches.isEmpty, "\(tally.mismatches)")
        // Out of range or beyond the table: left to the exact parser, never a wrong infinity or zero.
        #expect(DecimalToDouble.eiselLemire(mantissa: 1, exponent: 309, negative: false) == nil)
        #expect(DecimalToDouble.eiselLemire(mantissa: 17_976_931_348_623_159, exponent: 292, negative: false) == nil)
        #expect(DecimalToDouble.eiselLemire(mantissa: 1, exponent: -324, negative: false) == nil)
        #expect(DecimalToDouble.eiselLemire(mantissa: 1, exponent: 100_000, negative: false) == nil)
        #expect(DecimalToDouble.eiselLemire(mantissa: 0, exponent: 100_000, negative: true)?.bitPattern == (-0.0).bitPattern)
    }

    /// Every number of a document, in the forms JSON allows, reads as the standard library's correctly rounded
    /// parser reads it: the value the parser stored for every number before it had this fast path.
    @Test func documentNumbersParseAsBefore() throws {
        var rng = SplitMix64(seed: 22)
        var texts = ["0", "-0", "-0.0", "0.000000000000000000000", "-0e-400", "1e-400", "-1e-400", "4.9e-324",
                     "2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308",
                     "1.7976931348623157e308", "1.7976931348623158e308", "-1.7976931348623158e+308",
                     "123456789012345678901234567890", "0.00012345678901234567", "0.000000000000000000001",
                     "9007199254740993", "9007199254740993.0000000000001", "1.0000000000000000000000000000",
                     "10000000000000000000000000000000e-31", "1E+22", "1e23", "0.7287038336796914",
                     "1.1204139190765958", "0.06668749526919301", "1e0000000000000000000000000000000000000001"]
        for i in 0..<40_000 {
            let x = Self.anyFinite(&rng)
            switch i % 4 {
            case 0:
                texts.append(x.description)
            case 1:
                texts.append(String(rng.uniform(0, 2)))
            case 2:
                // The 17 significant digits with the point anywhere, leading zeros and all.
                let decimal = x.description.withCString { Decimal($0) }
                let digits = Array(String(decimal.mantissa))
                let point = rng.index(below: digits.count + 4) - 2
                var body: String
                if point <= 0 {
                    body = "0." + String(repeating: "0", count: -point) + String(digits)
                } else if point >= digits.count {
                    body = String(digits) + String(repeating: "0", count: point - digits.count)
                } else {
                    body = String(digits[..<point]) + "." + String(digits[point...])
                }
                let exponent = decimal.exponent + digits.count - point
                texts.append((decimal.negative ? "-" : "") + body + (exponent == 0 ? "" : "e\(exponent)"))
            default:
                // A halfway point written out in full, hundreds of digits for the small ones.
                guard i % 40 == 3 else {
                    texts.append("\(rng.next() % 10_000_000_000_000_000_000)e\(-340 + rng.index(below: 640))")
                    continue
                }
                let (digits, exponent) = Self.halfwayAbove(x.magnitude)
                texts.append(String(digits.map { Character(Unicode.Scalar($0 + 0x30)) }) + "e\(exponent)")
            }
        }
        texts = texts.filter { Double($0).map(\.isFinite) ?? false }
        let document = try JSONParser.parse(Array(("[" + texts.joined(separator: ",") + "]").utf8))
        let elements = Array(document.elements(of: 0))
        #expect(elements.count == texts.count)
        var mismatches: [String] = []
        for (element, text) in zip(elements, texts) {
            guard let reference = Double(text) else { continue }
            if document.number(element).bitPattern != reference.bitPattern, mismatches.count < 10 {
                mismatches.append("\(text): \(document.number(element)) instead of \(reference)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(throws: JSONSyntaxError(.numberOutOfRange("1.7976931348623159e308"), at: SourceLocation(line: 1, column: 2))) {
            try JSONParser.parse(Array("[1.7976931348623159e308]".utf8))
        }
    }

    /// Each table entry is ⌊10^q · 2^(127 − ⌊log₂ 10^q⌋)⌋, checked with exact integers: for q ≥ 0,
    /// `entry · 2^s ≤ 10^q · 2^t < (entry + 1) · 2^s`; for q < 0, `entry · 10^−q ≤ 2^(127 + bits(10^−q)) <
    /// (entry + 1) · 10^−q`.
    @Test func tableHoldsTheLeadingBitsOfEachPowerOfTen() {
        let range = DecimalToDouble.exponentRange
        #expect(DecimalToDouble.powersOfTen.count == 2 * range.count)
        var power = Natural(1)
        var powers: [Natural] = []
        for _ in 0...max(-range.lowerBound, range.upperBound) {
            powers.append(power)
            power = power.times(Natural(10))
        }
        var failures: [Int] = []
        for q in range {
            let index = 2 * (q - range.lowerBound)
            let entry = Natural(high: DecimalToDouble.powersOfTen[index], low: DecimalToDouble.powersOfTen[index + 1])
            let next = entry.plusOne()
            let holds: Bool
            if q >= 0 {
                let bits = powers[q].bitWidth
                let (s, t) = (max(bits - 128, 0), max(128 - bits, 0))
                let scaled = powers[q].shifted(left: t)
                holds = entry.shifted(left: s) <= scaled && scaled < next.shifted(left: s)
            } else {
                let divisor = powers[-q]
                let target = Natural(1).shifted(left: 127 + divisor.bitWidth)
                holds = entry.times(divisor) <= target && target < next.times(divisor)
            }
            if !holds { failures.append(q) }
        }
        #expect(failures.isEmpty, "wrong entries for 1e\(failures)")
    }

    // MARK: - Exact arithmetic for the checks

    /// The exact decimal digits and exponent of the point halfway between positive `x` and the next double up.
    static func halfwayAbove(_ x: Double) -> (digits: [UInt8], exponent: Int) {
        // x = m · 2^e exactly, so the midpoint is (2m + 1) · 2^(e − 1).
        let subnormal = x.exponentBitPattern == 0
        let m = subnormal ? x.significandBitPattern : x.significandBitPattern | 1 << 52
        let e = subnormal ? -1074 : Int(x.exponentBitPattern) - 1075
        let k = e - 1
        // Base 10⁹ limbs, least significant first.
        let base: UInt64 = 1_000_000_000
        let n = 2 * m + 1
        var limbs = [n % base, n / base % base, n / base / base]
        func multiply(by factor: UInt64) {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let product = limbs[i] * factor + carry
                limbs[i] = product % base
                carry = product / base
            }
            while carry > 0 { limbs.append(carry % base); carry /= base }
        }
        // n · 2^k for k ≥ 0; n · 5^−k · 10^k for k < 0.
        var remaining = abs(k)
        let (chunk, chunkFactor): (Int, UInt64) = k >= 0 ? (29, 1 << 29) : (13, 1_220_703_125)
        while remaining >= chunk { multiply(by: chunkFactor); remaining -= chunk }
        multiply(by: k >= 0 ? 1 << remaining : (0..<remaining).reduce(1) { product, _ in product * 5 })
        while limbs.count > 1, limbs[limbs.count - 1] == 0 { limbs.removeLast() }
        var digits: [UInt8] = []
        for (i, limb) in limbs.reversed().enumerated() {
            var chunkDigits: [UInt8] = []
            var rest = limb
            repeat { chunkDigits.append(UInt8(rest % 10)); rest /= 10 } while rest > 0
            if i > 0 { chunkDigits += Array(repeating: 0, count: 9 - chunkDigits.count) }
            digits += chunkDigits.reversed()
        }
        return (digits, min(k, 0))
    }

    /// A natural number in 32-bit limbs, least significant first: just enough for the table check.
    struct Natural: Comparable {
        var limbs: [UInt32]

        init(_ value: UInt64) {
            limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
            normalize()
        }

        init(high: UInt64, low: UInt64) {
            limbs = [low, high].flatMap { [UInt32(truncatingIfNeeded: $0), UInt32(truncatingIfNeeded: $0 >> 32)] }
            normalize()
        }

        private mutating func normalize() {
            while limbs.count > 1, limbs[limbs.count - 1] == 0 { limbs.removeLast() }
        }

        var bitWidth: Int { (limbs.count - 1) * 32 + (32 - limbs[limbs.count - 1].leadingZeroBitCount) }

        func times(_ other: Natural) -> Natural {
            var result = [UInt32](repeating: 0, count: limbs.count + other.limbs.count)
            for (i, a) in limbs.enumerated() {
                var carry: UInt64 = 0
                for (j, b) in other.limbs.enumerated() {
                    let sum = UInt64(a) * UInt64(b) + UInt64(result[i + j]) + carry
                    result[i + j] = UInt32(truncatingIfNeeded: sum)
                    carry = sum >> 32
                }
                result[i + other.limbs.count] = UInt32(carry)
            }
            var product = Natural(0)
            product.limbs = result
            product.normalize()
            return product
        }

        func plusOne() -> Natural {
            var result = self
            for i in result.limbs.indices {
                let (sum, overflow) = result.limbs[i].addingReportingOverflow(1)
                result.limbs[i] = sum
                if !overflow { return result }
            }
            result.limbs.append(1)
            return result
        }

        func shifted(left count: Int) -> Natural {
            var result = Natural(0)
            result.limbs = Array(repeating: 0, count: count / 32) + limbs + [0]
            let bits = count % 32
            if bits > 0 {
                var carry: UInt32 = 0
                for i in (count / 32)..<result.limbs.count {
                    let limb = result.limbs[i]
                    result.limbs[i] = limb << bits | carry
                    carry = limb >> (32 - bits)
                }
            }
            result.normalize()
            return result
        }

        static func < (a: Natural, b: Natural) -> Bool {
            if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count }
            for i in a.limbs.indices.reversed() where a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] }
            return false
        }
    }
}
