import Testing

/// Whether `a` and `b` agree within `relative` tolerance of the larger magnitude, or within `absolute`.
///
/// `|a - b| <= max(absolute, relative * max(|a|, |b|))`. Not transitive, so never use it for `Equatable`.
/// NaN is close to nothing; equal infinities are close.
package func isApproximatelyEqual(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    if a == b { return true }
    guard a.isFinite, b.isFinite else { return false }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

/// Records an issue unless `actual` is approximately `expected`; see ``isApproximatelyEqual(_:_:relative:absolute:)``.
package func expectClose(
    _ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 0,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(
        isApproximatelyEqual(actual, expected, relative: relative, absolute: absolute),
        "\(actual) is not within \(relative) (relative) / \(absolute) (absolute) of \(expected)\(comment.map { ": \($0)" } ?? "")",
        sourceLocation: sourceLocation)
}
