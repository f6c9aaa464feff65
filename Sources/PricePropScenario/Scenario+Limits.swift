// MARK: - Size limits

extension Scenario {
    /// The largest economy a scenario may describe. A `count` expands into that many firms, each holding one
    /// slot per name its production uses, so a few bytes of JSON could otherwise ask for more memory than any
    /// machine has, or for more firms than the economy's 32-bit indices can number.
    public enum Limits {
        /// Firms in all, the sum of every entry's `count` (ten times the largest network benchmarked).
        public static let firms = 10_000_000
        /// Input and parameter slots in all: for each entry, `count` times the distinct names its production
        /// uses.
        public static let slots = 100_000_000
    }

    /// What a size limit counts, for ``ScenarioDiagnostic/Problem/tooLarge(_:limit:)``.
    public enum SizeMeasure: Sendable, Hashable {
        /// A single entry's `count`.
        case count
        /// The sum of the counts so far.
        case totalFirms
        /// The input and parameter slots so far.
        case totalSlots
    }
}

extension ScenarioValidator {
    /// Refuses a scenario whose firms, or their slots, would exceed ``Scenario/Limits``: at the first entry
    /// whose own count is too large, else the first where a running total passes its limit. Sums saturate
    /// instead of overflowing, so counts near 2^53 are refused, not wrapped.
    mutating func checkSizes() {
        var firms = 0, slots = 0
        for (i, firm) in scenario.firms.enumerated() where firm.count >= 1 {
            let path = JSONPath([.key("firms"), .index(i), .key("count")])
            if firm.count > Scenario.Limits.firms {
                report(.tooLarge(.count, limit: Scenario.Limits.firms), at: path)
                return
            }
            firms = Self.saturatingSum(firms, firm.count)
            if firms > Scenario.Limits.firms {
                report(.tooLarge(.totalFirms, limit: Scenario.Limits.firms), at: path)
                return
            }
            let perFirm = i < slotsPerFirm.count ? Int(slotsPerFirm[i]) : 0
            let (entrySlots, overflow) = firm.count.multipliedReportingOverflow(by: perFirm)
            slots = overflow ? Int.max : Self.saturatingSum(slots, entrySlots)
            if slots > Scenario.Limits.slots {
                report(.tooLarge(.totalSlots, limit: Scenario.Limits.slots), at: path)
                return
            }
        }
    }

    package static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
