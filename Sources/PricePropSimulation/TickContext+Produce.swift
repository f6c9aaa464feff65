import PricePropEconomy
import PricePropExpression

// MARK: - Phase 3: firms receive and produce

extension TickContext {
    /// Firms `firms` receive their orders, filled at each input's fill ratio, and produce.
    ///
    /// Firms go in batches of up to ``TickWorkers/batchFirms`` whose input slots fit the scratch, each batch in
    /// passes: receive every slot; take the logarithm of every received quantity, two at a time; sum each
    /// product-of-powers firm's exponents times logarithms; take the exponentials, two at a time; compute each
    /// firm's value and the numerators `aᵢ · y` of its marginal products (or, where the shortcut does not apply,
    /// its final marginal products by ``finishAlone(firm:kernel:exponential:inputs:in:scratch:)``); divide, two
    /// at a time; check that everything is finite. Within a pass the firms do not wait on each other, so the
    /// processor overlaps them, where one firm at a time would wait on its own chain of logarithms,
    /// exponential and divisions. Each firm's value and gradient are the same bits as
    /// ``TapeKernel/valueAndGradient(inputs:parameters:gradient:values:adjoints:)`` gives it alone, whatever
    /// the batch.
    /// - Returns: the first of them whose output or marginal products are not finite; the batches after its
    ///   own do not run.
    @inline(__always)
    func produce(firms: Range<Int>, in frame: Frame, scratch: TickWorkers.Scratch) -> Int? {
        let net = network
        var first = firms.lowerBound
        while first < firms.upperBound {
            let base = Int(net.inputStart[first])
            var end = first + 1
            while end < firms.upperBound && end - first < TickWorkers.batchFirms
                    && Int(net.inputStart[end + 1]) - base <= scratch.slotCapacity {
                end += 1
            }
            if let f = produceBatch(firms: first..<end, in: frame, scratch: scratch) { return f }
            first = end
        }
        return nil
    }

    /// One batch of ``produce(firms:in:scratch:)``; its input slots fit the scratch.
    @inline(__always)
    func produceBatch(firms: Range<Int>, in frame: Frame, scratch: TickWorkers.Scratch) -> Int? {
        let net = network
        let base = Int(net.inputStart[firms.lowerBound]), end = Int(net.inputStart[firms.upperBound])
        receiveBatch(slots: base..<end, in: frame, scratch: scratch)
        exponentiateBatch(firms: firms, slotBase: base, scratch: scratch)
        valuesOfBatch(firms: firms, slotBase: base, in: frame, scratch: scratch)
        guard divideNumerators(slots: base..<end, firms: firms, in: frame, scratch: scratch) else {
            return firstFaulty(firms: firms, in: frame, allowingCorners: true)
        }
        return nil
    }

    /// Receive (into scratch: `Frame/received(_:inputGood:)` gives the same product later), then the
    /// logarithms of every received quantity, whether or not its firm needs them.
    @inline(__always)
    func receiveBatch(slots: Range<Int>, in frame: Frame, scratch: TickWorkers.Scratch) {
        let net = network
        let base = slots.lowerBound, end = slots.upperBound
        let received = scratch.received, logarithms = scratch.logarithms
        for k in base..<end { received[k &- base] = frame.received(k, inputGood: net.inputGood[k]) }
        var k = 0
        while k &+ 1 < end &- base {
            let pair = ElementaryFunctions.log(SIMD2(received[k], received[k &+ 1]))
            logarithms[k] = pair.x
            logarithms[k &+ 1] = pair.y
            k &+= 2
        }
        if k < end &- base { logarithms[k] = ElementaryFunctions.log(received[k]) }
    }

    /// `Σ aᵢ ln xᵢ` per product of powers (NaN for other tapes), then the exponentials, two at a time.
    @inline(__always)
    func exponentiateBatch(firms: Range<Int>, slotBase base: Int, scratch: TickWorkers.Scratch) {
        let net = network
        let first = firms.lowerBound
        let logarithms = scratch.logarithms, exponentials = scratch.exponentials
        for f in firms {
            let kernel = net.kernels + Int(net.firmTape[f])
            let lo = Int(net.inputStart[f])
            exponentials[f &- first] = kernel.pointee.factorCount < 0 ? .nan : kernel.pointee.logSum(
                logarithms: logarithms + (lo &- base), parameters: parameters + Int(net.parameterStart[f]))
        }
        let count = firms.count
        var j = 0
        while j &+ 1 < count {
            let pair = ElementaryFunctions.exp(SIMD2(exponentials[j], exponentials[j &+ 1]))
            exponentials[j] = pair.x
            exponentials[j &+ 1] = pair.y
            j &+= 2
        }
        if j < count { exponentials[j] = ElementaryFunctions.exp(exponentials[j]) }
    }

    /// Values, and marginal products or their numerators.
    @inline(__always)
    func valuesOfBatch(firms: Range<Int>, slotBase base: Int, in frame: Frame, scratch: TickWorkers.Scratch) {
        let net = network
        let first = firms.lowerBound
        let marginal = frame.marginal
        let received = scratch.received, exponentials = scratch.exponentials
        for f in firms {
            let kernel = net.kernels + Int(net.firmTape[f])
            let lo = Int(net.inputStart[f])
            let firmParameters = parameters + Int(net.parameterStart[f])
            if kernel.pointee.factorCount >= 0, kernel.pointee.distinctFactorInputs,
               let y = kernel.pointee.productOfPowersValue(exponential: exponentials[f &- first], parameters: firmParameters) {
                kernel.pointee.productOfPowersNumerators(value: y, parameters: firmParameters, numerators: marginal + lo)
                frame.output[f] = y
            } else {
                let inputs = received + (lo &- base)
                frame.output[f] = finishAlone(firm: f, kernel: kernel, exponential: exponentials[f &- first],
                                              inputs: inputs, in: frame, scratch: scratch)
                // Its marginal products are final: divide them by 1 below.
                for i in 0..<(Int(net.inputStart[f &+ 1]) &- lo) { inputs[i] = 1 }
            }
        }
    }

    /// Divides numerators by quantities, two at a time.
    /// - Returns: whether every marginal product and output of the batch is finite (anything not finite turns
    ///   the check into NaN).
    @inline(__always)
    func divideNumerators(slots: Range<Int>, firms: Range<Int>, in frame: Frame, scratch: TickWorkers.Scratch) -> Bool {
        let base = slots.lowerBound, end = slots.upperBound
        let marginal = frame.marginal, received = scratch.received
        var check = SIMD2<Double>(repeating: 0)
        var k = base
        while k &+ 1 < end {
            let quotient = SIMD2(marginal[k], marginal[k &+ 1]) / SIMD2(received[k &- base], received[k &- base &+ 1])
            marginal[k] = quotient.x
            marginal[k &+ 1] = quotient.y
            check += quotient * 0
            k &+= 2
        }
        if k < end {
            marginal[k] = marginal[k] / received[k &- base]
            check.x += marginal[k] * 0
        }
        for f in firms { check.y += frame.output[f] * 0 }
        return check.x == 0 && check.y == 0
    }

    /// The value and marginal products of a firm the batch's shortcut does not cover: a product of powers with
    /// a repeated input, one the shortcut declines, or any other tape.
    @inline(never)
    func finishAlone(firm f: Int, kernel: UnsafePointer<TapeKernel>, exponential: Double, inputs: UnsafePointer<Double>,
                     in frame: Frame, scratch: TickWorkers.Scratch) -> Double {
        let net = network
        let firmParameters = parameters + Int(net.parameterStart[f])
        let gradient = frame.marginal + Int(net.inputStart[f])
        if kernel.pointee.factorCount >= 0, let y = kernel.pointee.finishProductOfPowers(
            exponential: exponential, inputs: inputs, parameters: firmParameters, gradient: gradient) {
            return y
        }
        return kernel.pointee.sweptValueAndGradient(inputs: inputs, parameters: firmParameters, gradient: gradient,
                                                    values: scratch.values, adjoints: scratch.adjoints)
    }

    /// The first of `firms` whose output or a marginal product is not finite.
    ///
    /// With `allowingCorners`, an input received in quantity 0 may have a marginal product that is not finite
    /// (a power's at 0, or the 0/0 of its shortcut): it is set to +∞, which tells the firm to take the
    /// input up again, and is no fault.
    func firstFaulty(firms: Range<Int>, in frame: Frame, allowingCorners: Bool = false) -> Int? {
        let net = network
        for f in firms {
            var finite = frame.output[f].isFinite
            for k in Int(net.inputStart[f])..<Int(net.inputStart[f + 1]) where !frame.marginal[k].isFinite {
                if allowingCorners, frame.received(k, inputGood: net.inputGood[k]) == 0 {
                    frame.marginal[k] = .infinity
                } else {
                    finite = false
                }
            }
            if !finite { return f }
        }
        return nil
    }
}
