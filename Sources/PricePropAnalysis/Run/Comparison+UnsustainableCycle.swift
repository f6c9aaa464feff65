import PricePropBasics
import PricePropComparator
import PricePropOutput
import PricePropSimulation

// MARK: - A cycle that cannot sustain itself, in a run's fault and its JSON

extension Comparison {
    /// ``unsustainableCycle`` as a clause about the state at `place`: `at this state the cycle steel ->
    /// machines -> steel returns 3.41 of each unit it takes, so there is no steady state with positive net
    /// output` (the consequence left out for a block whose gain is below 1, on which `I − M` is singular).
    package func unsustainableCycleClause(at place: String) -> String? {
        guard let cycle = unsustainableCycle, let text = unsustainableCycleDescription else { return nil }
        let consequence = cycle.returnsAtLeastWhatItTakes ? ", so there is no steady state with positive net output" : ""
        return "at \(place) \(text)\(consequence)"
    }

    /// `fault` with the cycle whose gain reached 1 at the state it left (``unsustainableCycle``) added to its
    /// detail, when it has no located domain fault and does not already name it.
    func explaining(_ fault: SimulationFault) -> SimulationFault {
        guard fault.fault == nil, unsustainableCycle?.returnsAtLeastWhatItTakes == true,
              let text = unsustainableCycleDescription, !(fault.detail ?? "").contains(text),
              let clause = unsustainableCycleClause(at: "that state") else { return fault }
        var explained = fault
        explained.detail = (fault.detail ?? "a value is not finite") + "; " + clause
        return explained
    }

    /// ``unsustainableCycle`` as JSON: `{"goods": [names, in cycle order when "oneCycle"], "gain": x,
    /// "oneCycle": bool, "message": text}`; nil when there is none.
    package var unsustainableCycleJSON: JSONOutput? {
        guard let cycle = unsustainableCycle, let text = unsustainableCycleDescription else { return nil }
        return .object([.init("goods", .array(cycle.goods.map { .string(goodNames[$0]) })),
                        .init("gain", .number(cycle.gain)), .init("oneCycle", .bool(cycle.isOneCycle)),
                        .init("message", .string(text))])
    }
}
