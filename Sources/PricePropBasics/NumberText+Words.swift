extension NumberText {
    /// `x` for a sentence a person reads: ``significant(_:digits:)`` when finite, else what happened to it,
    /// `undefined` (NaN) or `overflowed` (±infinity), never `nan` or `inf`.
    package static func words(_ x: Double, digits: Int = 10) -> String {
        if x.isFinite { return significant(x, digits: digits) }
        if x.isNaN { return "undefined" }
        return x < 0 ? "overflowed below the most negative finite number" : "overflowed past the largest finite number"
    }
}
