/// The supply network as a graph of goods: an edge from each input good to the good its firm makes.
///
/// The one place that decides which goods close the network's cycles. A depth-first search over goods in
/// good order, each good's successors ascending, classifies every edge; the edges back to a good still on
/// the search's path are its *back edges*, and their input goods are the *carried* goods: in a tick, what is
/// made of a carried good becomes its supply in the next tick. Without the carried goods' uses the graph is
/// acyclic, so the rest of a tick keeps its level order. An acyclic network has no carried good.
package struct SupplyGraph: Sendable {
    /// Each good's distinct successors, ascending.
    package let successors: [[Int]]

    /// The graph of `goodCount` goods with the edges `edgeInputs[i] -> edgeOutputs[i]` (repeats allowed).
    package init(goodCount n: Int, edgeInputs: [Int32], edgeOutputs: [Int32]) {
        // Counted into rows, then each row sorted and its repeats dropped.
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
        self.successors = successors
    }

    /// One edge that closes a cycle: `from` is an input of a firm making `to`, which the search entered
    /// before `from` (or is `from` itself: a firm using its own output).
    package struct BackEdge: Sendable, Equatable {
        package var from: Int, to: Int
    }

    /// The back edges of the depth-first search, in the order the search meets them. Iterative, so a long
    /// chain of goods cannot overflow the stack.
    /// - Complexity: O(goods + distinct edges).
    package func backEdges() -> [BackEdge] {
        enum Mark { case unvisited, onPath, done }
        let n = successors.count
        var marks = Array(repeating: Mark.unvisited, count: n)
        var edges: [BackEdge] = []
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
                case .onPath: edges.append(BackEdge(from: good, to: successor))
                case .done: break
                }
            }
        }
        return edges
    }

    /// Whether each good is carried: the input good of some back edge.
    package func carried() -> [Bool] {
        var carried = [Bool](repeating: false, count: successors.count)
        for edge in backEdges() { carried[edge.from] = true }
        return carried
    }
}
