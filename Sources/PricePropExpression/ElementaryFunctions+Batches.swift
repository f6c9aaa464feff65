// MARK: - Many values per call

extension ElementaryFunctions {
    /// ``log(_:)`` of `count` values from `x` into `y`, two at a time, the same bits as one at a time; `y` may
    /// be `x`.
    ///
    /// Why a loop here rather than in the caller: a `package` function is not inlined into another module, so
    /// a caller in the tick engine taking one logarithm per call would pay a call per value, and the call,
    /// which clobbers every floating-point register, breaks the overlap of independent values. One call per
    /// batch keeps the pairs inlined in this module's loop.
    package static func logarithms(of x: UnsafePointer<Double>, count: Int, into y: UnsafeMutablePointer<Double>) {
        var k = 0
        while k &+ 1 < count {
            let pair = log(SIMD2(x[k], x[k &+ 1]))
            y[k] = pair.x
            y[k &+ 1] = pair.y
            k &+= 2
        }
        if k < count { y[k] = log(x[k]) }
    }

    /// ``exp(_:)`` of `count` values from `x` into `y`, two at a time, the same bits as one at a time; `y` may
    /// be `x`. One call per batch, as ``logarithms(of:count:into:)``.
    package static func exponentials(of x: UnsafePointer<Double>, count: Int, into y: UnsafeMutablePointer<Double>) {
        var k = 0
        while k &+ 1 < count {
            let pair = exp(SIMD2(x[k], x[k &+ 1]))
            y[k] = pair.x
            y[k &+ 1] = pair.y
            k &+= 2
        }
        if k < count { y[k] = exp(x[k]) }
    }
}
