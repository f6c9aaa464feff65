#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Locale-independent, deterministic renderings of `Double` for files, tables and plots.
///
/// Every writer in the package formats numbers through here, so the same value always prints the same way
/// regardless of the process locale.
package enum NumberText {
    /// Largest magnitude below which every integer is exactly representable: 2^53.
    package static let exactIntegerLimit = 9_007_199_254_740_992.0

    /// The shortest text that parses back to exactly `x`, or `nil` when `x` is NaN or infinite.
    ///
    /// Integral values with `|x| < 2^53` print without a fractional part (`2`, not `2.0`); everything else uses
    /// Swift's shortest round-trip `description` (`0.1`, `1e-05`, `1.2345678901234568e+17`). The sign of zero
    /// is dropped: `-0.0` prints as `0`.
    package static func roundTrip(_ x: Double) -> String? {
        guard x.isFinite else { return nil }
        if x == x.rounded(.towardZero), abs(x) < exactIntegerLimit { return String(Int64(x)) }
        return x.description
    }

    /// `x` with at most `digits` significant digits, like C's `%.{digits}g` in the "C" locale.
    ///
    /// Trailing zeros are removed (`0.5`, `1e-12`, `123456`); non-finite values print as `—`.
    /// `digits` is clamped to 1...17.
    package static func significant(_ x: Double, digits: Int) -> String {
        guard x.isFinite else { return nonFinite(x) }
        return cFormat("%.*g", precision: min(max(digits, 1), 17), x)
    }

    /// `x` with exactly `decimals` digits after the point, then (if `trimmingZeros`) trailing zeros and a bare
    /// point removed. A negative zero result loses its sign.
    ///
    /// `fixed(12.5, decimals: 2)` is `12.5` (or `12.50` without trimming), `fixed(-0.001, decimals: 2)` is `0`.
    /// Non-finite values print as `—`.
    package static func fixed(_ x: Double, decimals: Int, trimmingZeros: Bool = true) -> String {
        guard x.isFinite else { return nonFinite(x) }
        var text = cFormat("%.*f", precision: min(max(decimals, 0), 17), x)
        if trimmingZeros, text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text.hasPrefix("-"), text.allSatisfy({ $0 == "-" || $0 == "0" || $0 == "." }) { text.removeFirst() }
        return text
    }

    /// What a table or sentence shows for a value that is not a number: a dash, never `nan` or `inf` (a run
    /// that produced one names it as a fault; see ``words(_:digits:)`` for prose).
    private static func nonFinite(_ x: Double) -> String { "—" }

    /// Formats one `Double` with a `*` precision through the C library, forcing `.` as the decimal point.
    private static func cFormat(_ format: String, precision: Int, _ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 400)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            withVaList([Int32(precision), x]) { vsnprintf(pointer.baseAddress, pointer.count, format, $0) }
        }
        guard count >= 0, count < buffer.count else { return x.description }
        let text = String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A process that called setlocale could get a decimal comma; numbers in files never use one.
        return text.replacingComma()
    }
}

extension String {
    fileprivate func replacingComma() -> String {
        contains(",") ? String(map { $0 == "," ? "." : $0 }) : self
    }
}
