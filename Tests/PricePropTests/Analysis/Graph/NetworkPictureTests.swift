import Foundation
import Testing
import PriceProp
@testable import PricePropScenario
@testable import PricePropComparator
@testable import PricePropAnalysis
import PricePropTestSupport

/// The network picture: what it shows, that it is well-formed SVG and DOT, and that no two labels overlap.
@Suite struct NetworkPictureTests {
    static func bundled(_ name: String) throws -> Scenario {
        try Scenario.decode(try #require(BundledScenarios.text(named: name)), file: name)
    }

    /// 80 goods: four layers of 20, each made by two firm entries from three inputs.
    static func eightyGoods() throws -> Scenario {
        try NetworkGenerator.layered(.init(layers: 3, goodsPerLayer: 20, firmsPerGood: 2, inputs: 3, seed: 1))
    }

    /// Every text box is disjoint from every other, inside the picture, and each node's lines fit its box.
    func expectNoOverlaps(_ picture: NetworkPicture, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let boxes = picture.labelBoxes
        var overlaps = 0
        for i in boxes.indices {
            #expect(boxes[i].x >= 0 && boxes[i].y >= 0 && boxes[i].maxX <= picture.width && boxes[i].maxY <= picture.height,
                    "box \(boxes[i]) outside the \(picture.width) × \(picture.height) picture", sourceLocation: sourceLocation)
            for j in (i + 1)..<boxes.count where boxes[i].overlaps(boxes[j]) {
                overlaps += 1
                if overlaps <= 3 { Issue.record("boxes \(boxes[i]) and \(boxes[j]) overlap", sourceLocation: sourceLocation) }
            }
        }
        #expect(overlaps == 0, sourceLocation: sourceLocation)
        for node in picture.nodes {
            let widest = node.lines.map { NetworkPicture.textWidth($0.text, size: $0.size, bold: NetworkPicture.isBold($0.style)) }.max() ?? 0
            let height = node.lines.reduce(0) { $0 + NetworkPicture.lineHeight($1.size) }
            #expect(widest <= node.box.width && height <= node.box.height, "\(node.id)'s text does not fit its box",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func seedShowsTheChainWithItsPrices() throws {
        let drawing = try NetworkPicture.draw(try Self.bundled("tupperware"), at: .equilibrium)
        let report = try #require(drawing.report)
        #expect(report.converged)
        let picture = drawing.picture
        let svg = picture.svg
        let xml = XMLCheck(svg)
        #expect(xml.error == nil, "\(xml.error ?? "")")
        // 1/24, 1/6, 3/2 and 1, as the essay has them; each market price at its backprop derivative.
        let expected = [("natgas", 1.0 / 24), ("ethylene", 1.0 / 6), ("polyethylene", 1.5), ("tupperware", 1.0)]
        for (name, value) in expected {
            let node = try #require(picture.nodes.first { $0.id == "good:\(name)" })
            let price = try #require(node.price), gradient = try #require(node.gradient)
            expectClose(price, gradient, relative: 1e-9, "\(name): price against dV/dgood")
            expectClose(price, value, relative: 1e-9, Comment(rawValue: name))
            #expect(xml.text.contains(name))
            #expect(node.lines.contains { $0.text.hasPrefix("price \(NetworkPicture.numberWithFraction(price))") })
        }
        for fraction in ["= 1/24", "= 1/6", "= 3/2"] { #expect(xml.text.contains(fraction), "\(fraction) missing") }
        #expect(xml.text.contains("price 1\n"))
        // A chain: natgas → A → ethylene → B → polyethylene → C → tupperware, left to right on one line.
        let order = ["good:natgas", "firm:A", "good:ethylene", "firm:B", "good:polyethylene", "firm:C", "good:tupperware"]
        let boxes = try order.map { id in try #require(picture.nodes.first { $0.id == id }).box }
        for (a, b) in zip(boxes, boxes.dropFirst()) {
            #expect(a.maxX < b.x)
            expectClose(a.midY, b.midY, relative: 1e-9)
        }
        #expect(picture.edges.count == 6)
        #expect(picture.notes.isEmpty)
        expectNoOverlaps(picture)
    }

    @Test func diamondShowsTheGoodWithTwoUsesAndBothMarginalValues() throws {
        let drawing = try NetworkPicture.draw(try Self.bundled("diamond"), at: .equilibrium)
        let picture = drawing.picture
        let svg = picture.svg
        #expect(XMLCheck(svg).error == nil)
        for good in ["crude", "fuel"] {
            let g = try #require(picture.nodes.firstIndex { $0.id == "good:\(good)" })
            let price = try #require(picture.nodes[g].price)
            let uses = picture.edges.filter { $0.from == g && $0.isInput }
            #expect(uses.count == 2, "\(good) has two users")
            for use in uses {
                let value = try #require(use.marginalValue)
                expectClose(value, price, relative: 1e-8, "\(good)'s use by \(picture.nodes[use.to].id)")
                let label = picture.edgeLabels[try #require(use.label)]
                #expect(label.text == NetworkPicture.number(value))
                #expect(svg.contains(">\(label.text)</text>"))
            }
        }
        // Plastic has one user: no marginal value on its flow.
        let plastic = try #require(picture.nodes.firstIndex { $0.id == "good:plastic" })
        #expect(picture.edges.filter { $0.from == plastic }.allSatisfy { $0.marginalValue == nil })
        expectNoOverlaps(picture)
    }

    @Test func eightyGoodsAreAllDrawnReadably() throws {
        let scenario = try Self.eightyGoods()
        let drawing = try NetworkPicture.draw(scenario, at: .equilibrium)
        let picture = drawing.picture
        let xml = XMLCheck(picture.svg)
        #expect(xml.error == nil)
        let goods = picture.nodes.filter { if case .good = $0.kind { return true } else { return false } }
        #expect(goods.count == 80)
        for good in scenario.goods { #expect(xml.text.contains(good.name + "\n"), "\(good.name) missing") }
        for node in goods {
            let price = try #require(node.price), gradient = try #require(node.gradient)
            expectClose(price, gradient, relative: 1e-8, Comment(rawValue: node.id))
            #expect(xml.text.contains("price \(NetworkPicture.numberWithFraction(price))"))
        }
        // Firms become the flows between goods, at most three into each good, and the picture says so.
        #expect(!picture.nodes.contains { if case .firm = $0.kind { return true } else { return false } })
        #expect(picture.notes.contains { $0.hasPrefix("80 goods: firms are not drawn one by one") })
        for note in picture.notes { #expect(xml.text.contains(NetworkPicture.wrap(note, size: 12, width: 1e9)[0].prefix(30))) }
        #expect(picture.edges.count <= 60 * 3)
        expectNoOverlaps(picture)
    }

    @Test func aLargeNetworkIsAggregatedAndSaysSo() throws {
        let scenario = try NetworkGenerator.randomDAG(.init(goods: 300, firms: 1500, maxInputs: 4, seed: 3))
        let drawing = try NetworkPicture.draw(scenario, at: .start)
        let picture = drawing.picture
        #expect(drawing.report == nil)
        #expect(XMLCheck(picture.svg).error == nil)
        let goods = picture.nodes.filter { if case .good = $0.kind { return true } else { return false } }
        let more = picture.nodes.compactMap { node -> Int? in
            if case let .moreGoods(_, count) = node.kind { return count } else { return nil }
        }
        #expect(goods.count <= NetworkPicture.Limits().goods)
        #expect(goods.count + more.reduce(0, +) == 300)
        #expect(picture.notes.contains { $0.hasPrefix("300 goods: the \(goods.count) of most value traded") })
        #expect(picture.edges.count <= NetworkPicture.Limits().inputFlows)
        expectNoOverlaps(picture)
    }

    @Test(arguments: ["tupperware", "diamond", "competitive", "ces", "shock"])
    func everyBundledScenarioDrawsWithoutOverlaps(name: String) throws {
        for moment in [NetworkPicture.Moment.start, .tick(3), .equilibrium] {
            let picture = try NetworkPicture.draw(try Self.bundled(name), at: moment).picture
            #expect(XMLCheck(picture.svg).error == nil)
            #expect(DOTCheck(picture.dot).error == nil)
            expectNoOverlaps(picture)
        }
    }

    @Test func theStateDrawnIsTheOneAskedFor() throws {
        let scenario = try Self.bundled("tupperware")
        let start = try NetworkPicture.draw(scenario, at: .start)
        #expect(start.picture.captions[0].text == "tupperware at the start (tick 0)")
        let five = try NetworkPicture.draw(scenario, at: .tick(5))
        #expect(five.report?.ticks == 5)
        #expect(five.picture.captions[0].text == "tupperware after 5 ticks")
        // Tick 0's prices are the starting ones (1), far from the derivatives, and coloured so.
        let ethylene = try #require(start.picture.nodes.first { $0.id == "good:ethylene" })
        #expect(ethylene.price == 1)
        #expect(ethylene.lines.contains { $0.style == .match(.far) })
        let equilibrium = try NetworkPicture.draw(scenario, at: .equilibrium)
        #expect(equilibrium.picture.captions[0].text.hasPrefix("tupperware at equilibrium (converged after "))
    }

    @Test func thePictureIsTheSameForAnyThreadCount() throws {
        let scenario = try Self.eightyGoods()
        let one = try NetworkPicture.draw(scenario, at: .tick(40), threads: 1).picture
        let three = try NetworkPicture.draw(scenario, at: .tick(40), threads: 3).picture
        #expect(one.svg == three.svg)
        #expect(one.dot == three.dot)
    }

    @Test func barycentreOrderingRemovesAvoidableCrossings() throws {
        // p1 feeds the maker of i2 and p2 the maker of i1: in file order the two flows cross.
        let scenario = try Scenario.decode("""
            {"name": "crossed", "goods": [{"name": "p1", "endowment": 1}, {"name": "p2", "endowment": 1},
              {"name": "i1"}, {"name": "i2"}, {"name": "out", "price": 1}],
             "firms": [{"name": "M1", "output": "i1", "production": "sqrt(p2)"},
                       {"name": "M2", "output": "i2", "production": "sqrt(p1)"},
                       {"name": "F", "output": "out", "production": "i1 + 2 * i2"}]}
            """)
        var run = try Run(scenario: scenario, options: .init(record: false))
        let content = NetworkPicture.Content(economy: run.simulation.economy, comparison: Comparison(run.simulation),
                                             allocation: run.simulation.allocation, limits: .init())
        var layout = LayeredLayout(nodes: content.nodes, edges: content.edges)
        func crossings() -> Int {
            var position = [Double](repeating: 0, count: layout.items.count)
            for column in layout.columns { for (i, item) in column.enumerated() { position[item] = Double(i) } }
            return layout.crossings(position)
        }
        #expect(crossings() > 0)
        layout.order()
        #expect(crossings() == 0)
        _ = run.execute()
    }

    @Test func fractionsAreShownOnlyWhereExact() {
        #expect(NetworkPicture.simpleFraction(1.0 / 24) ?? (0, 0) == (1, 24))
        #expect(NetworkPicture.simpleFraction(1.5) ?? (0, 0) == (3, 2))
        #expect(NetworkPicture.simpleFraction(-0.3) ?? (0, 0) == (-3, 10))
        #expect(NetworkPicture.simpleFraction(Double.pi) == nil)
        #expect(NetworkPicture.simpleFraction(2) == nil)
        #expect(NetworkPicture.simpleFraction(.nan) == nil)
        #expect(NetworkPicture.simpleFraction(1.0 / 24 * (1 + 1e-6)) == nil)
        #expect(NetworkPicture.numberWithFraction(1.0 / 6) == "0.1667 = 1/6")
        #expect(NetworkPicture.errorText(1e-6) == "1e-6")
    }

    @Test func namesAreEscapedInSVGAndDOT() throws {
        let scenario = try Scenario.decode("""
            {"name": "Tom & \\"Jerry\\" <co>", "goods": [{"name": "gas", "endowment": 4}, {"name": "plastic", "price": 1}],
             "firms": [{"name": "A & B <\\"x\\"> \\\\ 'y'", "output": "plastic", "production": "2 * sqrt(gas)"}]}
            """)
        let picture = try NetworkPicture.draw(scenario, at: .tick(2)).picture
        let xml = XMLCheck(picture.svg)
        #expect(xml.error == nil, "\(xml.error ?? "")")
        #expect(xml.text.contains("A & B <\"x\"> \\ 'y'"))
        let dot = DOTCheck(picture.dot)
        #expect(dot.error == nil, "\(dot.error ?? "")")
        #expect(dot.nodes["firm:A & B <\"x\"> \\ 'y'"] != nil)
        #expect(NetworkPicture.number(.nan) == "undefined")
        #expect(NetworkPicture.errorText(.infinity) == "∞")
    }

    @Test func momentsParse() {
        #expect(NetworkPicture.Moment("equilibrium") == .equilibrium)
        #expect(NetworkPicture.Moment("start") == .start)
        #expect(NetworkPicture.Moment("tick 12") == .tick(12))
        #expect(NetworkPicture.Moment("tick:12") == .tick(12))
        #expect(NetworkPicture.Moment("tick -1") == nil)
        #expect(NetworkPicture.Moment("tick") == nil)
        #expect(NetworkPicture.Moment("later") == nil)
    }
}
