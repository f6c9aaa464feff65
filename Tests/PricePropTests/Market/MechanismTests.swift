import Testing
import PriceProp
@testable import PricePropExpression
@testable import PricePropScenario
@testable import PricePropEconomy
@testable import PricePropMarket
@testable import PricePropSimulation
@testable import PricePropAnalysis
import PricePropTestSupport

@Suite struct MechanismTests {
    /// Ticks to the default tolerance and final prices under a mechanism.
    static func run(_ scenario: Scenario, _ name: String) throws -> (report: Run.Report, prices: [Double]) {
        let mechanism = try #require(ClearingMechanisms.make(named: name))
        var run = Run(simulation: try Simulation(economy: Economy(scenario), mechanism: mechanism),
                      options: .init(record: false))
        let report = run.execute()
        return (report, run.simulation.prices)
    }

    /// The predictive mechanism converges to the same prices as tatonnement and the solver, in at most 40% of
    /// tatonnement's ticks on every bundled scenario.
    @Test(arguments: Fixtures.bundled)
    func predictiveReachesTheSamePricesInAFractionOfTheTicks(_ scenario: Scenario) throws {
        let plain = try Self.run(scenario, "tatonnement")
        let predictive = try Self.run(scenario, "predictive")
        #expect(plain.report.converged && predictive.report.converged)
        #expect(Double(predictive.report.ticks) <= 0.4 * Double(plain.report.ticks),
                "\(predictive.report.ticks) vs \(plain.report.ticks) ticks")
        let economy = try Economy(scenario)
        let solution = try Equilibrium(solving: economy)
        #expect(solution.distance(toPrices: predictive.prices, in: economy) <= 1e-8)
        for (a, b) in zip(plain.prices, predictive.prices) { expectClose(a, b, relative: 1e-8) }
        #expect(predictive.report.comparison.largestRelativeError <= Run.Options.defaultTolerance)
    }

    /// A mechanism sets the price of a good it prices; the fixed price, the unit of account, stays out of reach.
    @Test func bookSetsPricedGoodsOnly() async {
        var prices = [2.0, 1.0]
        [true, false].withUnsafeBufferPointer { isPriced in
            prices.withUnsafeMutableBufferPointer { storage in
                let book = MarketBook.Prices(storage, isPriced: isPriced)
                book[0] = 3
                #expect(book[1] == 1 && Array(book) == [3, 1])
            }
        }
        #expect(prices == [3, 1])
        await #expect(processExitsWith: .failure) {
            var prices = [2.0, 1.0]
            [true, false].withUnsafeBufferPointer { isPriced in
                prices.withUnsafeMutableBufferPointer { storage in
                    MarketBook.Prices(storage, isPriced: isPriced)[1] = 2
                }
            }
        }
    }

    /// Names are listed default first, made fresh by name, and misspellings get a suggestion.
    @Test func registry() {
        #expect(ClearingMechanisms.names == ["clearing", "tatonnement", "predictive"])
        #expect(ClearingMechanisms.defaultName == "clearing")
        #expect((ClearingMechanisms.make(named: "clearing", priceStep: 0.7) as? ClearingTatonnement)?.gain == 0.7)
        #expect(ClearingMechanisms.make(named: "clearing")?.firmRevision == .fromReceived)
        #expect(ClearingMechanisms.make(named: "tatonnement")?.firmRevision == .fromOrder)
        #expect(ClearingMechanisms.make(named: "predictive")?.name == "predictive")
        #expect((ClearingMechanisms.make(named: "tatonnement", priceStep: 0.2) as? Tatonnement)?.step == 0.2)
        #expect((ClearingMechanisms.make(named: "predictive", priceStep: 1.5) as? PredictiveTatonnement)?.gain == 1.5)
        #expect(ClearingMechanisms.make(named: "walras") == nil)
        #expect(ClearingMechanisms.suggestion(for: "predictve") == "predictive")
        #expect(ClearingMechanisms.suggestion(for: "xyz") == nil)
    }

    /// One tick by hand: demand 3, supply 2, last demand 2.5, gain 2 gives
    /// `Δ ln p = 2 · (ln 1.5 + ln 1.2) = 2 ln 1.8`, so the price goes from 1 to 3.24 — clamped to `e`.
    /// Then demand 2.1 against supply 2 after demand 3: `Δ ln p = 2 (ln 1.05 + ln 0.7)`, price `(1.05 · 0.7)²`.
    @Test func oneStepByHand() {
        var mechanism = PredictiveTatonnement()
        var prices = [1.0, 1.0]
        let priced: [Int32] = [0]
        func tick(demand: Double, supply: Double) -> Double {
            let d = [demand, 0], s = [supply, 0]
            return priced.withUnsafeBufferPointer { p in
                prices.withUnsafeMutableBufferPointer { prices in
                    d.withUnsafeBufferPointer { d in
                        s.withUnsafeBufferPointer { s in
                            [true, false].withUnsafeBufferPointer { isPriced in
                                mechanism.adjustPrices(MarketBook(pricedGoods: p, prices: .init(prices, isPriced: isPriced),
                                                                  demand: d, supply: s))
                            }
                        }
                    }
                }
            }
        }
        _ = tick(demand: 2.5, supply: 2.5)            // no excess, no trend yet: price stays
        #expect(prices[0] == 1)
        _ = tick(demand: 3, supply: 2)
        expectClose(prices[0], 2.718281828459045)     // 3.24 clamped to e
        prices[0] = 1
        _ = tick(demand: 2.1, supply: 2)               // trend ln(2.1/3)
        expectClose(prices[0], 1.05 * 1.05 * 0.7 * 0.7, relative: 1e-12)
        #expect(prices[1] == 1, "unpriced goods are untouched")
    }
}

extension MechanismTests {
    /// Runs one `adjustPrices` of `mechanism` on a single priced good.
    static func tick(_ mechanism: inout some ClearingMechanism, price: inout Double, demand: Double, supply: Double) -> Double {
        var prices = [price]
        let priced: [Int32] = [0]
        let d = [demand], s = [supply]
        let change = priced.withUnsafeBufferPointer { p in
            prices.withUnsafeMutableBufferPointer { prices in
                d.withUnsafeBufferPointer { d in
                    s.withUnsafeBufferPointer { s in
                        [true].withUnsafeBufferPointer { isPriced in
                            mechanism.adjustPrices(MarketBook(pricedGoods: p, prices: .init(prices, isPriced: isPriced),
                                                              demand: d, supply: s))
                        }
                    }
                }
            }
        }
        price = prices[0]
        return change
    }

    /// The default price rule by hand: gain 1 on predicted log excess demand; a good nobody buys falls by a
    /// factor e a tick until below 1e-12 of its largest price, then is exactly 0, and comes back from that
    /// floor when demand returns.
    @Test func clearingPriceRuleByHand() {
        var mechanism = ClearingTatonnement()
        var price = 1.0
        _ = Self.tick(&mechanism, price: &price, demand: 3, supply: 2)          // no trend yet: ln 1.5
        expectClose(price, 1.5, relative: 1e-14)
        _ = Self.tick(&mechanism, price: &price, demand: 2.4, supply: 2)        // ln 1.2 + ln(2.4/3)
        expectClose(price, 1.5 * 1.2 * 0.8, relative: 1e-14)

        var free = ClearingTatonnement()
        var straw = 2.0
        var ticks = 0
        while straw > 0, ticks < 100 {
            let before = straw
            let change = Self.tick(&free, price: &straw, demand: 0, supply: 5)
            ticks += 1
            if straw > 0 { expectClose(straw, before * ElementaryFunctions.exp(-1), relative: 1e-14) }
            #expect(change <= 1)
        }
        // 2 e^-t < 2e-12 first at t = 28, where it becomes 0 instead.
        #expect(straw == 0 && ticks == 28)
        #expect(Self.tick(&free, price: &straw, demand: 1, supply: 5) == 0 && straw == 0, "still free: supply left over")
        _ = Self.tick(&free, price: &straw, demand: 6, supply: 5)
        expectClose(straw, 2e-12 * ElementaryFunctions.exp(1), relative: 1e-14)
    }
}
