// MARK: - Strongly connected components: the network's cycles, each as one block of goods

extension SupplyGraph {
    /// Each good's strongly connected component, numbered from 0 in the order Tarjan's search completes
    /// them; goods on a common cycle share a number. A good on no cycle is a component of its own (with a
    /// self-use edge it is a cycle of one).
    ///
    /// Iterative, so a long chain of goods cannot overflow the stack.
    /// - Complexity: O(goods + distinct edges).
    package func components() -> [Int] {
        let n = successors.count
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var component = [Int](repeating: -1, count: n)
        var stack: [Int] = [], onStack = [Bool](repeating: false, count: n)
        var nextIndex = 0, nextComponent = 0
        for start in 0..<n where index[start] < 0 {
            var path: [(good: Int, next: Int)] = [(start, 0)]
            index[start] = nextIndex; low[start] = nextIndex; nextIndex += 1
            stack.append(start); onStack[start] = true
            while let (good, next) = path.last {
                if next < successors[good].count {
                    path[path.count - 1].next += 1
                    let successor = successors[good][next]
                    if index[successor] < 0 {
                        index[successor] = nextIndex; low[successor] = nextIndex; nextIndex += 1
                        stack.append(successor); onStack[successor] = true
                        path.append((successor, 0))
                    } else if onStack[successor] {
                        low[good] = min(low[good], index[successor])
                    }
                    continue
                }
                path.removeLast()
                if let parent = path.last { low[parent.good] = min(low[parent.good], low[good]) }
                guard low[good] == index[good] else { continue }
                while let member = stack.popLast() {
                    onStack[member] = false
                    component[member] = nextComponent
                    if member == good { break }
                }
                nextComponent += 1
            }
        }
        return component
    }
}
