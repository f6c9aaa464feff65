import PricePropComparator
import PricePropEconomy

extension Equilibrium {
    /// How far `prices` (a market run's, one per good of `economy`) are from this equilibrium: the largest,
    /// over market-priced goods, of a relative distance that respects goods whose price is not unique.
    ///
    /// A good that is traded at the equilibrium (positive supply or demand) has one equilibrium price, and its
    /// distance is the relative difference `|p − p*| / max(p, p*)`. A good with neither supply nor demand (its
    /// makers and its users all shut down) has a whole interval of equilibrium prices: at least what each user
    /// would pay for its first unit, `p_out · ∂f/∂x` at its zero bundle, and at most what keeps each maker shut,
    /// `p_in / (∂f/∂x_in)` for each of its inputs. Its distance is how far `p` violates those inequalities,
    /// relative to the larger side, `max(0, m − p) / max(p, m)`, with the other goods at `prices`: 0 anywhere in
    /// the interval, whatever the solver's own value there. A marginal product that is not finite at the zero
    /// bundle (a power of an input at 0) bounds nothing.
    ///
    /// Infinite if a price is not finite.
    /// - Complexity: O(goods + slots), plus one gradient per firm making or using an untraded good.
    public func distance(toPrices prices: [Double], in economy: Economy) -> Double {
        var largest = 0.0
        for g in comparison.goods.indices where comparison.goods[g].isMarketPriced {
            guard prices[g].isFinite else { return .infinity }
            if allocation.supply[g] > 0 || demand[g] > 0 {
                largest = max(largest, relativeDifference(self.prices[g], prices[g]))
            } else {
                largest = max(largest, intervalViolation(of: g, prices: prices, economy: economy))
            }
        }
        return largest
    }

    /// The largest relative violation of the Karush-Kuhn-Tucker inequalities that bound the price of the
    /// untraded good `g`, at this equilibrium's allocation and `prices`.
    func intervalViolation(of g: Int, prices: [Double], economy: Economy) -> Double {
        func violation(_ worth: Double, _ price: Double) -> Double {
            guard worth.isFinite, worth > price else { return 0 }
            return (worth - price) / max(price, worth)
        }
        var largest = 0.0
        // Users: the good's price is at least its marginal value to each of them.
        for u in Int(economy.userStart[g])..<Int(economy.userStart[g + 1]) {
            let slot = Int(economy.users[u]), firm = Int(economy.inputFirm[slot])
            let gradient = marginalProducts(of: firm, economy: economy)
            let k = slot - Int(economy.inputStart[firm])
            largest = max(largest, violation(prices[Int(economy.firmOutput[firm])] * gradient[k], prices[g]))
        }
        // Makers: each input's price is at least its marginal value at the good's price.
        for p in Int(economy.producerStart[g])..<Int(economy.producerStart[g + 1]) {
            let firm = Int(economy.producers[p])
            let gradient = marginalProducts(of: firm, economy: economy)
            for (k, slot) in (Int(economy.inputStart[firm])..<Int(economy.inputStart[firm + 1])).enumerated() {
                largest = max(largest, violation(prices[g] * gradient[k], prices[Int(economy.inputGood[slot])]))
            }
        }
        return largest
    }

    /// `∂f/∂x` of `firm` at the bundle it buys at this equilibrium.
    func marginalProducts(of firm: Int, economy: Economy) -> [Double] {
        let slots = Int(economy.inputStart[firm])..<Int(economy.inputStart[firm + 1])
        let tape = economy.tapes[Int(economy.firmTape[firm])]
        return tape.valueAndGradient(at: Array(allocation.received[slots]),
                                     parameters: Array(economy.parameterValues[economy.parameterRange(of: firm)])).gradient
    }
}
