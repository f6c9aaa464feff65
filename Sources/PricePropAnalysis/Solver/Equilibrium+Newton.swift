import PricePropComparator

// MARK: - The Newton iteration, from one start

extension Equilibrium {
    /// Where a Newton iteration ended.
    struct Newton {
        var point: EquilibriumSystem.Point
        var evaluation: EquilibriumSystem.Evaluation
        var iterations: Int
        /// The residual before each iteration and at the end.
        var history: [Double]
        var converged: Bool
        /// Whether it gave up for lack of progress (see `abandoning`), not at the iteration limit.
        var abandoned = false
    }

    /// Newton's method on the complementarity system from `start`, with its scales: Fischer-Burmeister with a
    /// backtracking line search on `½‖φ‖²`, the `min` form once `‖φ‖∞ ≤ 10⁻⁶`, and, when converged, every
    /// negligible quantity landed on 0. With `abandoning`, it gives up once that many iterations have not
    /// brought the residual below its value at the start, or when its line search finds no descent (a start
    /// from which Newton's linear model leads nowhere; the caller has a better one).
    static func newton(_ system: EquilibriumSystem, from start: (EquilibriumSystem.Point, EquilibriumSystem.Scales),
                       options: Options, abandoning: Int? = nil) throws(EquilibriumError) -> Newton {
        var (point, scales) = start
        var ncp = NCPFunction.fischerBurmeister
        var evaluation = system.evaluate(point, scales: scales, ncp: ncp)
        var history = [evaluation.gap]
        var iterations = 0, abandoned = false
        while iterations < options.maxIterations, !(evaluation.gap <= options.tolerance) {
            if case .fischerBurmeister = ncp, evaluation.residual.allSatisfy({ abs($0) <= 1e-6 }) {
                ncp = .minimum
                evaluation = system.evaluate(point, scales: scales, ncp: ncp)
            }
            let step = try system.direction(point, evaluation, scales: scales, ncp: ncp, memoryLimit: options.memoryLimit,
                                            reserved: workingBytes(system))
            let accepted = lineSearch(system, point, evaluation, step: step, scales: scales, ncp: ncp)
            iterations += 1
            if let (trial, trialEvaluation) = accepted {
                point = trial
                evaluation = trialEvaluation
            } else if case .minimum = ncp {
                // The active-set step found no descent: fall back to the smooth form for this stretch.
                ncp = .fischerBurmeister
                evaluation = system.evaluate(point, scales: scales, ncp: ncp)
            } else {
                // No descent at all: with `abandoning`, the start has led nowhere (the caller has a better one).
                history.append(evaluation.gap)
                abandoned = abandoning != nil && evaluation.gap > options.tolerance
                break
            }
            history.append(evaluation.gap)
            if let abandoning, iterations >= abandoning, !(history.dropFirst().min() ?? 0 < history[0]) {
                abandoned = evaluation.gap > options.tolerance
                break
            }
        }
        let converged = evaluation.gap <= options.tolerance
        if converged {
            (point, evaluation) = landingNegligibleQuantities(system, point, evaluation, scales: scales, ncp: ncp,
                                                              tolerance: options.tolerance)
        }
        return Newton(point: point, evaluation: evaluation, iterations: iterations, history: history, converged: converged,
                      abandoned: abandoned)
    }

    /// A backtracking line search along `step` from `point`: the first of `t = 1, 1/2, 1/4, …` down to
    /// `1e-12` whose merit falls by at least the fraction `1e-4 · t`; `nil` when none does.
    private static func lineSearch(_ system: EquilibriumSystem, _ point: EquilibriumSystem.Point,
                                   _ evaluation: EquilibriumSystem.Evaluation,
                                   step: (quantities: [Double], prices: [Double]), scales: EquilibriumSystem.Scales,
                                   ncp: NCPFunction) -> (EquilibriumSystem.Point, EquilibriumSystem.Evaluation)? {
        var t = 1.0
        while t >= 1e-12 {
            let trial = moved(point, by: step, t, ncp: ncp, scales: scales)
            let trialEvaluation = system.evaluate(trial, scales: scales, ncp: ncp)
            if trialEvaluation.merit <= (1 - 1e-4 * t) * evaluation.merit { return (trial, trialEvaluation) }
            t *= 0.5
        }
        return nil
    }
}
