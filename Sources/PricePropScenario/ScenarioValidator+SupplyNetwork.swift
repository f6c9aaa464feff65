import PricePropBasics
import PricePropExpression

// MARK: - Supply network: every good reachable, no cycle of firms

extension ScenarioValidator {
    mutating func checkSupplyNetwork() {
        for (i, good) in scenario.goods.enumerated() where goodIndex[good.name] == i && good.price == nil {
            let path = JSONPath([.key("goods"), .index(i)])
            if good.endowment == nil, !produced[i] {
                report(.unproducedIntermediate(good.name), at: path)
            } else if usageKnown, !used[i], good.endowment == nil {
                // An endowment nobody uses is a free good (price 0), which the market handles; only made
                // output nobody uses is waste worth a warning.
                report(.unusedGood(good.name), at: path, .warning)
            }
        }
        for cycle in supplyCycles() {
            let (from, to) = (Int32(cycle[0]), Int32(cycle[1 % cycle.count]))
            let edge = edgeInputs.indices.first { edgeInputs[$0] == from && edgeOutputs[$0] == to }
            let firm = edge.map { Int(edgeFirms[$0]) } ?? 0
            report(.supplyCycle(cycle.map { scenario.goods[$0].name }), at: JSONPath([.key("firms"), .index(firm), .key("production")]))
        }
    }

    /// One cycle per back edge of a depth-first search over goods, in good order; each cycle starts at the
    /// good where the search entered it. Iterative, so a long chain of goods cannot overflow the stack.
    private func supplyCycles() -> [[Int]] {
        let n = scenario.goods.count
        // Each good's distinct successors, ascending: counted into rows, then each row sorted.
        var rowStart = [Int](repeating: 0, count: n + 1)
        for input in edgeInputs { rowStart[Int(input) + 1] += 1 }
        for g in 0..<n { rowStart[g + 1] += rowStart[g] }
        var filled = rowStart
        var flat = [Int](repeating: 0, count: edgeInputs.count)
        for (input, output) in zip(edgeInputs, edgeOutputs) {
            flat[filled[Int(input)]] = Int(output)
            filled[Int(input)] += 1
        }
        var successors = Array(repeating: [Int](), count: n)
        for g in 0..<n where rowStart[g] < rowStart[g + 1] {
            var row = flat[rowStart[g]..<rowStart[g + 1]].sorted()
            var unique = 1
            for i in 1..<row.count where row[i] != row[unique - 1] {
                row[unique] = row[i]
                unique += 1
            }
            row.removeSubrange(unique...)
            successors[g] = row
        }
        enum Mark { case unvisited, onPath, done }
        var marks = Array(repeating: Mark.unvisited, count: n)
        var cycles: [[Int]] = []
        for start in 0..<n where marks[start] == .unvisited {
            var path: [(good: Int, next: Int)] = [(start, 0)]
            marks[start] = .onPath
            while let (good, next) = path.last {
                guard next < successors[good].count else {
                    marks[good] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let successor = successors[good][next]
                switch marks[successor] {
                case .unvisited:
                    marks[successor] = .onPath
                    path.append((successor, 0))
                case .onPath:
                    if let entry = path.firstIndex(where: { $0.good == successor }) { cycles.append(path[entry...].map(\.good)) }
                case .done: break
                }
            }
        }
        return cycles
    }
}
