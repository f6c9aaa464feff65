// MARK: - How large a race may be

extension Race {
    /// The most unknowns of the direct solution a race computes first: one per input of each scenario
    /// entry plus one per market-priced good. Newton's method holds a dense Jacobian of this many squared
    /// numbers (6,000: 288 MB, about 600 MB with its factorisation).
    public static let maximumUnknowns = 6_000
    /// The most ticks a race records (one row of a few numbers each).
    public static let maximumTicks = 1_000_000

    /// The direct solution's unknowns for `economy`, as ``maximumUnknowns`` counts them.
    public static func unknownCount(of economy: Economy) -> Int {
        var count = economy.goods.reduce(0) { $0 + ($1.fixedPrice == nil ? 1 : 0) }
        for entry in economy.firmEntryNames.indices {
            count += economy.inputs(of: Int(economy.entryFirstFirm[entry])).count
        }
        return count
    }

    /// Throws when racing `economy` would need more memory than a race may take.
    public static func checkSize(of economy: Economy) throws(RaceSizeError) {
        let unknowns = unknownCount(of: economy)
        if unknowns > maximumUnknowns { throw RaceSizeError(unknowns: unknowns, limit: maximumUnknowns) }
    }
}

/// A race refused before it starts because its direct solution would not fit in memory.
public struct RaceSizeError: Error, Sendable, Equatable {
    /// The unknowns the direct solution would have.
    public var unknowns: Int
    /// ``Race/maximumUnknowns``.
    public var limit: Int

    /// The reason in words.
    public var message: String {
        "a race first solves for the equilibrium directly, here \(unknowns) unknowns in a dense system; "
            + "at most \(limit) are accepted (a \(Race.maximumUnknowns * Race.maximumUnknowns * 8 / 1_000_000) MB matrix); "
            + "use 'priceprop run' for networks this large"
    }
}
