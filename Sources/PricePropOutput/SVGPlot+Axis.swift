#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PricePropBasics

extension SVGPlot {
    /// The mapping actually used by an axis.
    public enum Scale: Sendable, Hashable {
        case linear
        case log10
    }

    /// A tick label: `text`, optionally followed by a superscript `exponent` (`10` with exponent `-12`).
    public struct TickLabel: Sendable, Hashable {
        public var text: String
        public var exponent: String?
        public init(_ text: String, exponent: String? = nil) {
            self.text = text
            self.exponent = exponent
        }

        /// The label as plain text, `10^-12` for an exponent; for tests and logs.
        public var plainText: String { text + (exponent.map { "^" + $0 } ?? "") }
    }

    /// A position on an axis; major ticks have a label and a grid line, minor ticks only a short mark.
    public struct Tick: Sendable, Hashable {
        public var value: Double
        public var label: TickLabel?
        public var isMajor: Bool { label != nil }
    }

    /// An axis: its scale, the range it shows (in data units, ending on ticks) and its ticks.
    public struct Axis: Sendable, Hashable {
        public var scale: Scale
        public var lower: Double
        public var upper: Double
        public var ticks: [Tick]

        /// Values of the labelled ticks.
        public var majorValues: [Double] { ticks.filter(\.isMajor).map(\.value) }

        /// Where `value` falls, from 0 at ``lower`` to 1 at ``upper``; `nil` if it cannot be shown (not
        /// finite, or not positive on a log axis).
        public func fraction(_ value: Double) -> Double? {
            guard value.isFinite else { return nil }
            let fraction: Double
            switch scale {
            case .linear:
                fraction = (value - lower) / (upper - lower)
            case .log10:
                guard value > 0 else { return nil }
                fraction = (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
            }
            // A degenerate axis (zero or infinite span) places nothing rather than writing NaN coordinates.
            return fraction.isFinite ? fraction : nil
        }
    }
}

// MARK: - Choosing the scale

extension SVGPlot {
    /// Log10 for ``ScaleChoice/automatic`` when all finite values are positive and `max / min > 100`, or for
    /// ``ScaleChoice/log`` when any value is positive; linear otherwise.
    public static func resolvedScale(_ choice: ScaleChoice, values: some Sequence<Double>) -> Scale {
        var minimum = Double.infinity, maximum = -Double.infinity
        var anyNonPositive = false
        for value in values where value.isFinite {
            if value <= 0 { anyNonPositive = true } else {
                minimum = min(minimum, value)
                maximum = max(maximum, value)
            }
        }
        switch choice {
        case .linear: return .linear
        case .log: return minimum.isFinite ? .log10 : .linear
        case .automatic: return !anyNonPositive && minimum.isFinite && maximum / minimum > 100 ? .log10 : .linear
        }
    }

    /// An axis of `scale` covering the finite values (positive ones on a log axis), with at most about
    /// `maxTicks` labels. With no usable values it covers 0...1 (linear) or 1...10 (log).
    public static func axis(_ scale: Scale, covering values: some Sequence<Double>, maxTicks: Int) -> Axis {
        var minimum = Double.infinity, maximum = -Double.infinity
        for value in values where value.isFinite && (scale == .linear || value > 0) {
            minimum = min(minimum, value)
            maximum = max(maximum, value)
        }
        switch scale {
        case .linear:
            return minimum.isFinite ? linearAxis(lower: minimum, upper: maximum, maxTicks: maxTicks)
                : linearAxis(lower: 0, upper: 1, maxTicks: maxTicks)
        case .log10:
            return minimum.isFinite ? logAxis(lower: minimum, upper: maximum, maxTicks: maxTicks)
                : logAxis(lower: 1, upper: 10, maxTicks: maxTicks)
        }
    }
}

// MARK: - Linear ticks

extension SVGPlot {
    /// The smallest "nice" step — 1, 2 or 5 times a power of ten — that is at least `raw` (> 0).
    public static func niceStep(atLeast raw: Double) -> Double {
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for multiple in [1.0, 2, 5, 10] where multiple * magnitude >= raw * (1 - 1e-12) {
            return multiple * magnitude
        }
        return 10 * magnitude
    }

    /// A linear axis from a multiple of a nice step at or below `lower` to one at or above `upper`, using the
    /// smallest 1-2-5 step that needs at most `maxTicks` ticks (at least 3 when the range spans zero).
    ///
    /// For `[0.0417, 1.5]` and 6 ticks: step 0.5, ticks 0, 0.5, 1, 1.5. A zero-width range is widened to
    /// `v ± max(|v|/10, 1e-300)` (or `±1` around 0) first. Labels all use as many decimals as the step needs (`0.0, 0.5, 1.0`);
    /// when the largest tick is at least 10^5, or the step below 10^-3, labels are `m×10^e` with a superscript.
    public static func linearAxis(lower: Double, upper: Double, maxTicks: Int) -> Axis {
        var lower = min(lower, upper), upper = max(lower, upper)
        if lower == upper {
            let pad = lower == 0 ? 1 : max(abs(lower) / 10, 1e-300)
            lower -= pad
            upper += pad
        }
        let intervals = Double(max(maxTicks, 2) - 1)
        var step = niceStep(atLeast: (upper - lower) / intervals)
        var first = (lower / step).rounded(.down), last = (upper / step).rounded(.up)
        // Rounding outwards can add intervals; take the next nice step while that exceeds the budget.
        for _ in 0..<64 where last - first > intervals {
            step = niceStep(atLeast: step * 1.000001)
            first = (lower / step).rounded(.down)
            last = (upper / step).rounded(.up)
        }
        let values = stride(from: first, through: last, by: 1).map { $0 * step }
        let labels = linearLabels(values, step: step)
        let ticks = zip(values, labels).map { Tick(value: $0, label: $1) }
        return Axis(scale: .linear, lower: first * step, upper: last * step, ticks: ticks)
    }

    /// Labels for evenly spaced `values`, with just enough decimals to tell ticks `step` apart.
    static func linearLabels(_ values: [Double], step: Double) -> [TickLabel] {
        let largest = values.map(abs).max() ?? 0
        let stepExponent = Int(log10(step).rounded(.down))
        if largest >= 1e5 || step < 1e-3 {
            let exponent = Int(log10(largest).rounded(.down))
            let decimals = max(0, exponent - stepExponent)
            let scale = pow(10, Double(exponent))
            return values.map { value in
                if value == 0 { return TickLabel("0") }
                let mantissa = NumberText.fixed(value / scale, decimals: decimals, trimmingZeros: false)
                return TickLabel(mantissa + "×10", exponent: "\(exponent)")
            }
        }
        let decimals = max(0, -stepExponent)
        return values.map { TickLabel(NumberText.fixed($0, decimals: decimals, trimmingZeros: false)) }
    }
}

// MARK: - Log ticks

extension SVGPlot {
    /// A log10 axis from the decade at or below `lower` to the decade at or above `upper` (both > 0).
    ///
    /// Labels sit on decades, on multiples of `k` when there are too many decades for `maxTicks` (so 10^-9,
    /// 10^-6, 10^-3, 10^0 rather than wasting range to end on a label); unlabelled decades
    /// become minor ticks, and spans of at most three decades also get minor ticks at 2...9 × 10^e. A span of one
    /// decade is also labelled at 2 and 5. For `[1e-12, 1]` and 7 ticks: labels 10^-12, 10^-10, ..., 10^0.
    /// Labels are plain numbers when the whole axis lies in 10^-3...10^4, else `10` with a superscript exponent.
    public static func logAxis(lower: Double, upper: Double, maxTicks: Int) -> Axis {
        let lower = min(lower, upper), upper = max(lower, upper)
        var low = Int(log10(lower).rounded(.down))
        var high = Int(log10(upper).rounded(.up))
        // Guard against log10 rounding: 1e-12 must give -12, not -13 or -11.
        if pow(10, Double(low + 1)) <= lower { low += 1 }
        if pow(10, Double(high - 1)) >= upper { high -= 1 }
        // Decades beyond the normal doubles (subnormals such as 5e-324, or near overflow) would put the axis
        // end at 0 or infinity, and every position at NaN; such values sit at the axis end instead.
        low = min(max(low, -307), 307)
        high = min(max(high, -307), 308)
        if high <= low { high = low + 1 }
        let every = max(1, Int((Double(high - low) / Double(max(maxTicks, 2) - 1)).rounded(.up)))
        let plain = low >= -3 && high <= 4

        func label(_ mantissa: Int, _ exponent: Int) -> TickLabel {
            let value = Double(mantissa) * pow(10, Double(exponent))
            if plain { return TickLabel(NumberText.significant(value, digits: 6)) }
            return TickLabel(mantissa == 1 ? "10" : "\(mantissa)×10", exponent: "\(exponent)")
        }

        var ticks: [Tick] = []
        let decades = high - low
        for exponent in low...high {
            let decade = pow(10, Double(exponent))
            let labelled = exponent % every == 0
            ticks.append(Tick(value: decade, label: labelled ? label(1, exponent) : nil))
            guard exponent < high, decades <= 3 else { continue }
            for mantissa in 2...9 {
                let isLabelled = decades == 1 && (mantissa == 2 || mantissa == 5)
                ticks.append(Tick(value: Double(mantissa) * decade, label: isLabelled ? label(mantissa, exponent) : nil))
            }
        }
        return Axis(scale: .log10, lower: pow(10, Double(low)), upper: pow(10, Double(high)), ticks: ticks)
    }
}

