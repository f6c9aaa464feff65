import Foundation

/// `exp` and `log` for the product-of-powers shortcut (see ``TapeKernel/productOfPowers(inputs:parameters:gradient:)``),
/// which takes one logarithm per input and one exponential per firm and tick: most of a Cobb-Douglas firm's
/// arithmetic. Each comes for one argument and for two at a time (`SIMD2`, the same bits per lane).
///
/// These follow the algorithms of the Arm Optimized Routines that glibc and musl use for `exp` and `log`
/// (a 128-entry table plus a short polynomial, worst-case error about 0.52 ulp), with those routines' tables
/// and coefficients (MIT licence, Copyright (c) 2018 Arm Limited), written here for three reasons:
///
/// - **Inlining.** The library functions are calls through the PLT and a wrapper that checks for errors and
///   sets `errno`; inlined, and two lanes at a time, the logarithms of many firms overlap in the pipeline.
/// - **The same bits everywhere.** The C library picks, at load time, a variant for processors with fused
///   multiply-add and one without, and they can differ in the last bit. These use only IEEE addition,
///   subtraction and multiplication (and one division in `log1p`), in the variant written for machines without fused multiply-add (Swift
///   never fuses `a * b + c` on its own, and an explicit `addingProduct` would be a library call on x86-64 without
///   FMA enabled), so every machine, build and thread count gets the same result.
/// - **Behaviour outside the fast path stays the library's.** Arguments the fast path does not cover (for
///   `exp`: |x| below 2⁻⁵⁴ or from 512 up, infinities, NaN; for `log`: zero, subnormals, negatives,
///   infinities, NaN) go to Foundation's functions, so overflow, underflow and faults are exactly as before.
///
/// Within one ulp of Foundation's `exp` and `log` on every argument tested: `ElementaryFunctionsTests` checks
/// 1.2 million seeded random arguments each across the whole range, and the edge cases. Against glibc 2.36 on
/// x86-64, 99.99 % of the logarithms and 99.96 % of the exponentials are the same bits.
package enum ElementaryFunctions {
    // MARK: - exp

    /// 128 / ln 2.
    fileprivate static let inverseLn2N = 0x1.71547652b82fep0 * 128
    /// −ln 2 / 128 in two parts; the high part has trailing zeros, so `k · high` is exact.
    fileprivate static let negativeLn2HighN = -0x1.62e42fefa0000p-8
    fileprivate static let negativeLn2LowN = -0x1.cf79abc9e3b3ap-47
    /// Adding this rounds to an integer and leaves it in the low bits of the result.
    fileprivate static let roundingShift = 0x1.8p52
    /// exp(r) − 1 ≈ r + C2 r² + C3 r³ + C4 r⁴ + C5 r⁵ on |r| ≤ ln 2 / 256.
    fileprivate static let c2 = 0x1.ffffffffffdbdp-2
    fileprivate static let c3 = 0x1.555555555543cp-3
    fileprivate static let c4 = 0x1.55555cf172b91p-5
    fileprivate static let c5 = 0x1.1111167a4d017p-7

    /// eˣ: `x = k · ln2/128 + r`, `eˣ = 2^(k/128) · eʳ`, with 2^(k/128) from a table and eʳ a polynomial.
    @inline(__always)
    package static func exp(_ x: Double) -> Double {
        let bits = x.bitPattern
        let biasedExponent = (bits >> 52) & 0x7FF
        // 2⁻⁵⁴ ≤ |x| < 512: the scale below is a normal number and the result neither overflows nor underflows.
        guard biasedExponent &- 0x3C9 < 0x408 - 0x3C9 else { return Foundation.exp(x) }
        let z = inverseLn2N * x
        var kd = z + roundingShift
        let ki = kd.bitPattern
        kd -= roundingShift
        let r = x + kd * negativeLn2HighN + kd * negativeLn2LowN
        let index = Int(truncatingIfNeeded: ki & 127) &* 2
        return exponentialTable.withUnsafeBufferPointer { table in
            let tail = Double(bitPattern: table[index])
            let scale = Double(bitPattern: table[index &+ 1] &+ (ki << 45))
            let r2 = r * r
            let low = c2 + r * c3
            let high = c4 + r * c5
            let tmp = tail + r + r2 * low + r2 * r2 * high
            return scale + scale * tmp
        }
    }

    // MARK: - log

    fileprivate static let ln2High = 0x1.62e42fefa3800p-1
    fileprivate static let ln2Low = 0x1.ef35793c76730p-45
    /// log1p(r) − r ≈ A0 r² + … + A4 r⁶ on |r| ≤ 0x1.fp−9.
    fileprivate static let a0 = -0x1.0000000000001p-1
    fileprivate static let a1 = 0x1.555555551305bp-2
    fileprivate static let a2 = -0x1.fffffffeb459p-3
    fileprivate static let a3 = 0x1.999b324f10111p-3
    fileprivate static let a4 = -0x1.55575e506c89fp-3
    /// log(1 + r) ≈ r + B0 r² + … + B10 r¹² near 1, where the table's rounding would cost relative accuracy.
    fileprivate static let b0 = -0x1p-1
    fileprivate static let b1 = 0x1.5555555555577p-2
    fileprivate static let b2 = -0x1.ffffffffffdcbp-3
    fileprivate static let b3 = 0x1.999999995dd0cp-3
    fileprivate static let b4 = -0x1.55555556745a7p-3
    fileprivate static let b5 = 0x1.24924a344de3p-3
    fileprivate static let b6 = -0x1.fffffa4423d65p-4
    fileprivate static let b7 = 0x1.c7184282ad6cap-4
    fileprivate static let b8 = -0x1.999eb43b068ffp-4
    fileprivate static let b9 = 0x1.78182f7afd085p-4
    fileprivate static let b10 = -0x1.5521375d145cdp-4
    /// Bits of 0x1.6p−1: `x = 2ᵏ z` with z in [0x1.6p−1, 0x1.6p0).
    fileprivate static let tableOffset: UInt64 = 0x3FE6_0000_0000_0000
    /// Bits of 1 − 2⁻⁴ and 1 + 0x1.09p−4, the range handled by the polynomial around 1.
    fileprivate static let nearOneLow: UInt64 = 0x3FEE_0000_0000_0000
    fileprivate static let nearOneHigh: UInt64 = 0x3FF1_0900_0000_0000

    /// ln x: `x = 2ᵏ z`, `ln x = k ln 2 + ln c + log1p(z/c − 1)` with c and ln c from a table; a longer
    /// polynomial in `x − 1` near 1.
    @inline(__always)
    package static func log(_ x: Double) -> Double {
        let bits = x.bitPattern
        if bits &- nearOneLow < nearOneHigh - nearOneLow { return logNearOne(x) }
        // Positive normal numbers only (top 16 bits in 0x0010..<0x7FF0).
        guard (bits >> 48) &- 0x0010 < 0x7FF0 - 0x0010 else { return Foundation.log(x) }
        let tmp = bits &- tableOffset
        let i = Int(truncatingIfNeeded: (tmp >> 45) & 127) &* 4
        let k = Int64(bitPattern: tmp) >> 52
        let z = Double(bitPattern: bits &- (tmp & (0xFFF << 52)))
        let kd = Double(k)
        return logarithmTable.withUnsafeBufferPointer { table in
            let inverseC = table[i], logC = table[i &+ 1], cHigh = table[i &+ 2], cLow = table[i &+ 3]
            // r ≈ z/c − 1, |r| < 1/256; z − cHigh is exact.
            let r = (z - cHigh - cLow) * inverseC
            // hi + lo = r + ln c + k ln 2; kd · ln2High + logC is exact.
            let w = kd * ln2High + logC
            let hi = w + r
            let lo = w - hi + r + kd * ln2Low
            let r2 = r * r
            let p = a1 + r * a2 + r2 * (a3 + r * a4)
            return lo + r2 * a0 + r * r2 * p + hi
        }
    }

    /// ln x for x in [1 − 2⁻⁴, 1 + 0x1.09p−4), where ln x is small and needs the extra care of splitting `r²/2`.
    @inline(__always)
    private static func logNearOne(_ x: Double) -> Double {
        // Exactly +0, as the library gives, whatever the polynomial's rounding.
        if x == 1 { return 0 }
        return logOnePlusSmall(x - 1)
    }

    /// ln(1 + r) for r in [−2⁻⁴, 0x1.09p−4), `r` exact: the polynomial of ``logNearOne(_:)``, for one lane or
    /// two (one definition, so both take the same operations in the same order and give the same bits).
    @inline(__always)
    private static func logOnePlusSmall<Lanes: PolynomialLanes>(_ r: Lanes) -> Lanes {
        let r2 = r * r
        let r3 = r * r2
        let inner: Lanes = b7 + r * b8 + r2 * b9 + r3 * b10
        let middle: Lanes = b4 + r * b5 + r2 * b6 + r3 * inner
        var y: Lanes = r3 * (b1 + r * b2 + r2 * b3 + r3 * middle)
        // r − r²/2 in two parts: rHigh has at most 26 significant bits, so rHigh² · B0 is exact.
        let splitter = r * 0x1p27
        let rHigh = r + splitter - splitter
        let rLow = r - rHigh
        let half = rHigh * rHigh * b0
        let hi = r + half
        var lo = r - hi + half
        lo += b0 * rLow * (rHigh + r)
        y += lo
        y += hi
        return y
    }
}

// MARK: - log1p

extension ElementaryFunctions {
    /// ln(1 + x), accurate where `x` is so small that `1 + x` rounds (to 1 below 2⁻⁵³, where `log(1 + x)` is 0):
    /// within about one ulp of Foundation's `log1p`.
    ///
    /// For x in [−2⁻⁴, 0x1.09p−4) the polynomial ``log(_:)`` uses near 1, on `x` itself rather than on a
    /// rounded `1 + x`. Elsewhere `u = 1 + x` rounded, and `ln(1 + x) = ln u + ln(1 + c/u)` with
    /// `c = x − (u − 1)` the rounding error of `u` (exact while `u ≤ 2⁵³`; past that the correction is far
    /// below an ulp of `ln u`), so `ln(1 + x) ≈ ln u + c/u`: one correctly rounded IEEE division, the same
    /// bits everywhere.
    /// Zero of either sign, `x ≤ −1`, infinities and NaN go to Foundation's `log1p`, so faults are the library's.
    @inline(__always)
    static func log1p(_ x: Double) -> Double {
        if x >= -0x1p-4, x < 0x1.09p-4 { return x == 0 ? x : logOnePlusSmall(x) }
        guard x > -1, x < .infinity else { return Foundation.log1p(x) }
        let u = 1 + x
        let c = x - (u - 1)
        return log(u) + c / u
    }
}

// MARK: - Two lanes at a time

extension ElementaryFunctions {
    /// `abs` of each lane: the sign bit cleared, as `Double.magnitude` does.
    @inline(__always)
    package static func magnitude(_ v: SIMD2<Double>) -> SIMD2<Double> {
        unsafeBitCast(unsafeBitCast(v, to: SIMD2<UInt64>.self) & 0x7FFF_FFFF_FFFF_FFFF, to: SIMD2<Double>.self)
    }

    /// `exp` of both lanes, the same bits as the scalar ``exp(_:)`` of each: the same operations in the same
    /// order, two lanes per instruction. A pair with a lane outside the fast path goes lane by lane.
    @inline(__always)
    package static func exp(_ x: SIMD2<Double>) -> SIMD2<Double> {
        // The scalar test of the exponent bits, as floating-point comparisons (SSE2 has no 64-bit unsigned
        // integer compare): 2⁻⁵⁴ ≤ |x| < 512, false for NaN.
        let size = magnitude(x)
        if any(.!((size .>= 0x1p-54) .& (size .< 512))) { return SIMD2(exp(x.x), exp(x.y)) }
        let z = x * inverseLn2N
        var kd = z + roundingShift
        let ki = unsafeBitCast(kd, to: SIMD2<UInt64>.self)
        kd -= roundingShift
        let r = x + kd * negativeLn2HighN + kd * negativeLn2LowN
        let i0 = Int(truncatingIfNeeded: ki.x & 127) &* 2, i1 = Int(truncatingIfNeeded: ki.y & 127) &* 2
        return exponentialTable.withUnsafeBufferPointer { table in
            let tail = unsafeBitCast(SIMD2(table[i0], table[i1]), to: SIMD2<Double>.self)
            let scale = unsafeBitCast(SIMD2(table[i0 &+ 1], table[i1 &+ 1]) &+ (ki &<< 45), to: SIMD2<Double>.self)
            let r2 = r * r
            let low = r * c3 + c2
            let high = r * c5 + c4
            let tmp = tail + r + r2 * low + r2 * r2 * high
            return scale + scale * tmp
        }
    }

    /// `log` of both lanes, the same bits as the scalar ``log(_:)`` of each. A lane near 1 takes the scalar's
    /// near-one polynomial, two lanes at a time too; a pair with a lane outside the positive normal numbers
    /// goes lane by lane.
    @inline(__always)
    package static func log(_ x: SIMD2<Double>) -> SIMD2<Double> {
        // The scalar tests of the bits, as floating-point comparisons (SSE2 has no 64-bit unsigned integer
        // compare; for non-negative numbers the bits and the values are in the same order): the table path
        // takes positive normal numbers outside [1 − 2⁻⁴, 1 + 0x1.09p−4), and no NaN.
        let normal = (x .>= .leastNormalMagnitude) .& (x .< .infinity)
        if any(.!normal) { return SIMD2(log(x.x), log(x.y)) }
        let nearOne = (x .>= 1 - 0x1p-4) .& (x .< 1 + 0x1.09p-4)
        // Ratios of successive ticks' quantities, as firms take them, are mostly near 1.
        if all(nearOne) { return logNearOne(x) }
        let far = logFarFromOne(x)
        return any(nearOne) ? far.replacing(with: logNearOne(x), where: nearOne) : far
    }

    /// ``logNearOne(_:)`` of both lanes, for lanes in its range: the same operations, two lanes at a time.
    @inline(__always)
    private static func logNearOne(_ x: SIMD2<Double>) -> SIMD2<Double> {
        logOnePlusSmall(x - 1).replacing(with: 0, where: x .== 1)
    }


    /// The table path of ``log(_:)`` for both lanes, positive normal numbers.
    @inline(__always)
    private static func logFarFromOne(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let bits = unsafeBitCast(x, to: SIMD2<UInt64>.self)
        let tmp = bits &- tableOffset
        let i0 = Int(truncatingIfNeeded: (tmp.x &>> 45) & 127) &* 4
        let i1 = Int(truncatingIfNeeded: (tmp.y &>> 45) & 127) &* 4
        let z = unsafeBitCast(bits &- (tmp & (0xFFF << 52)), to: SIMD2<Double>.self)
        // k = tmp >> 52 read as a signed 12-bit number; k + 2048 in the low bits of 2⁵² converts it exactly.
        let biasedK = ((tmp &>> 52) ^ 0x800) | 0x4330_0000_0000_0000
        let kd = unsafeBitCast(biasedK, to: SIMD2<Double>.self) - (0x1p52 + 2048)
        return logarithmTable.withUnsafeBufferPointer { table in
            let inverseC = SIMD2(table[i0], table[i1])
            let logC = SIMD2(table[i0 &+ 1], table[i1 &+ 1])
            let cHigh = SIMD2(table[i0 &+ 2], table[i1 &+ 2])
            let cLow = SIMD2(table[i0 &+ 3], table[i1 &+ 3])
            let r = (z - cHigh - cLow) * inverseC
            let w = kd * ln2High + logC
            let hi = w + r
            let lo = w - hi + r + kd * ln2Low
            let r2 = r * r
            let p = r * a2 + a1 + r2 * (r * a4 + a3)
            return lo + r2 * a0 + r * r2 * p + hi
        }
    }
}

/// One lane (`Double`) or two (`SIMD2<Double>`): the arithmetic ``ElementaryFunctions``' shared polynomials
/// take, with `Double` coefficients.
protocol PolynomialLanes {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func + (lhs: Double, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Double) -> Self
    static func * (lhs: Double, rhs: Self) -> Self
    static func += (lhs: inout Self, rhs: Self)
}

extension Double: PolynomialLanes {}
extension SIMD2: PolynomialLanes where Scalar == Double {}
