import PricePropExpression

// MARK: - Phase 1 on flat memory

extension TickContext {
    /// Phase 1 for `firms`. Each firm sees only its own goods' prices and its own state (see ``PriceSignal``
    /// and ``FirmState``).
    ///
    /// Firms go in runs whose input slots fit the scratch. With `demand`, each run's new plans are then added
    /// to their goods' entries, in slot order (phase 2 on one thread).
    /// - Returns: the largest relative change made to any of their plans.
    @inline(__always)
    func decide(firms: Range<Int>, from: Frame, to: Frame, scratch: TickWorkers.Scratch,
                demand: UnsafeMutablePointer<Double>? = nil) -> Double {
        let net = network
        var largest = 0.0
        var first = firms.lowerBound
        while first < firms.upperBound {
            let base = Int(net.inputStart[first])
            var end = first &+ 1
            while end < firms.upperBound && Int(net.inputStart[end &+ 1]) &- base <= scratch.slotCapacity { end &+= 1 }
            let change = rule.revision == .fromReceived
                ? decideFromReceived(firms: first..<end, from: from, to: to, scratch: scratch)
                : decideEach(firms: first..<end, from: from, to: to, scratch: scratch)
            largest = ProfitSeekingFirm.larger(largest, change)
            if let demand {
                for k in base..<Int(net.inputStart[end]) { demand[Int(net.inputGood[k])] += to.plan[k] }
            }
            first = end
        }
        return largest
    }

    /// ``ProfitSeekingFirm/decideFromReceived(_:_:)`` for a run of firms whose input slots fit the scratch, in
    /// passes over the run's slots: gather what each received and the secant's bundle ratios; their
    /// logarithms, in one call; the marginal ratios of the slots whose bundle moved enough for the secant to
    /// use them (the others' would be discarded), and their logarithms, in one call; each input's step; its
    /// exponential, in one call; the new orders. Every input's steps are the rule's own, on the same numbers,
    /// and the logarithms and exponentials the same bits in a batch as one at a time, so each firm's new plan
    /// and memory are the same bits as the rule gives it alone. The firm's memory is read from `from` and
    /// written to `to`, with no copy between.
    @inline(__always)
    func decideFromReceived(firms: Range<Int>, from: Frame, to: Frame, scratch: TickWorkers.Scratch) -> Double {
        let net = network
        let base = Int(net.inputStart[firms.lowerBound]), count = Int(net.inputStart[firms.upperBound]) &- base
        let received = scratch.received, prices = scratch.inputPrices
        let steps = scratch.logarithms, secant = scratch.secant, marginalLogs = scratch.secant + count
        for j in 0..<count {
            let k = base &+ j
            let good = Int(net.inputGood[k])
            let r = from.plan[k] * from.fill[good]
            received[j] = r
            prices[j] = from.prices[good]
            to.largestReceived[k] = max(from.largestReceived[k], r)
            // `to` still holds the tick before `from` until this tick overwrites it.
            secant[j] = ProfitSeekingFirm.secantRatios(received: r, before: to.plan[k] * to.fill[good],
                                                       marginal: from.marginal[k], marginalBefore: to.marginal[k]).x
        }
        ElementaryFunctions.logarithms(of: secant, count: count, into: secant)
        // A bundle ratio other than 1 means all four secant quantities are positive, so the marginal ratio is
        // `secantRatios`' own. Without a branch: every slot's ratio is written, only the moved ones kept.
        var moved = 0
        for j in 0..<count {
            let k = base &+ j
            marginalLogs[moved] = from.marginal[k] / to.marginal[k]
            moved &+= ProfitSeekingFirm.bundleMoved(secant[j]) ? 1 : 0
        }
        ElementaryFunctions.logarithms(of: marginalLogs, count: moved, into: marginalLogs)
        var next = 0
        let proximal = 1 / rule.step
        for f in firms {
            let outputPrice = from.prices[Int(net.firmOutput[f])]
            for k in Int(net.inputStart[f])..<Int(net.inputStart[f &+ 1]) {
                let j = k &- base
                // Past the last moved slot `next` points at a value the estimate does not read.
                let curvature = ProfitSeekingFirm.curvature(from.curvature[k], secant: SIMD2(secant[j], marginalLogs[next]))
                next &+= ProfitSeekingFirm.bundleMoved(secant[j]) ? 1 : 0
                to.curvature[k] = curvature
                let step = ProfitSeekingFirm.logChange(value: outputPrice * from.marginal[k], price: prices[j],
                                                       memory: from.stepScale[k], curvature: curvature, proximal: proximal)
                to.stepScale[k] = step.memory
                steps[j] = step.change
            }
        }
        // The growths over the secant's first half, which is read no more.
        ElementaryFunctions.exponentials(of: steps, count: count, into: secant)
        var largest = 0.0
        for j in 0..<count {
            let k = base &+ j
            let revised = ProfitSeekingFirm.revised(received: received[j], largestReceived: to.largestReceived[k],
                                                    curvature: to.curvature[k], logChange: steps[j], growth: secant[j])
            to.plan[k] = revised.order
            largest = ProfitSeekingFirm.larger(largest, revised.size)
        }
        return largest
    }

    /// Phase 1 for a run of firms whose input slots fit the scratch, one firm at a time through
    /// ``ProfitSeekingFirm/decide(_:_:)``: first every slot's price is gathered and every plan and memory
    /// copied, in one pass over the run's slots, then each firm decides on its own slice.
    @inline(__always)
    func decideEach(firms: Range<Int>, from: Frame, to: Frame, scratch: TickWorkers.Scratch) -> Double {
        let net = network
        let base = Int(net.inputStart[firms.lowerBound])
        let prices = scratch.inputPrices, received = scratch.received, previousReceived = scratch.logarithms
        for k in base..<Int(net.inputStart[firms.upperBound]) {
            let good = Int(net.inputGood[k])
            prices[k &- base] = from.prices[good]
            received[k &- base] = from.plan[k] * from.fill[good]
            // `to` still holds the tick before `from` until this tick overwrites it.
            previousReceived[k &- base] = to.plan[k] * to.fill[good]
            to.plan[k] = from.plan[k]
            to.largestReceived[k] = from.largestReceived[k]
            to.curvature[k] = from.curvature[k]
            to.stepScale[k] = from.stepScale[k]
        }
        var largest = 0.0
        for f in firms {
            let lo = Int(net.inputStart[f]), n = Int(net.inputStart[f &+ 1]) &- lo
            let signal = PriceSignal(
                outputPrice: from.prices[Int(net.firmOutput[f])],
                inputPrices: UnsafeBufferPointer(start: prices + (lo &- base), count: n))
            let firm = FirmState(
                plan: UnsafeMutableBufferPointer(start: to.plan + lo, count: n),
                marginalProducts: UnsafeBufferPointer(start: from.marginal + lo, count: n),
                received: UnsafeBufferPointer(start: received + (lo &- base), count: n),
                previousReceived: UnsafeBufferPointer(start: previousReceived + (lo &- base), count: n),
                previousMarginalProducts: UnsafeBufferPointer(start: to.marginal + lo, count: n),
                largestReceived: UnsafeMutableBufferPointer(start: to.largestReceived + lo, count: n),
                curvature: UnsafeMutableBufferPointer(start: to.curvature + lo, count: n),
                stepScale: UnsafeMutableBufferPointer(start: to.stepScale + lo, count: n))
            largest = ProfitSeekingFirm.larger(largest, rule.decide(signal, firm))
        }
        return largest
    }
}
