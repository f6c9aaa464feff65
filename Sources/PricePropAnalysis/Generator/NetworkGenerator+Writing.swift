import PricePropScenario

extension NetworkGenerator {
    /// Writes ``layered(_:)``'s network as scenario-file JSON, firm by firm, without holding the network: the
    /// memory used is that of the goods, whatever the number of firms. The text is the same bytes for the
    /// same shape and seed, and loads back to the scenario ``layered(_:)`` returns.
    ///
    /// `keepGoing` is asked after each block of about 64 KB reaches `out`; once it answers `false` (the
    /// destination has failed, say) generation stops there, leaving the text incomplete, rather than
    /// producing the rest for nothing.
    /// - Complexity: O(firms · inputs) time.
    public static func writeLayered(_ shape: Layered, to out: inout some TextOutputStream,
                                    while keepGoing: @escaping () -> Bool = { true }) throws(ShapeError) {
        try stream(to: &out, while: keepGoing) { head, firm throws(ShapeError) in try layered(shape, head: head, firm: firm) }
    }

    /// Writes ``randomDAG(_:)``'s network as scenario-file JSON, as ``writeLayered(_:to:while:)`` does.
    public static func writeRandomDAG(_ shape: RandomDAG, to out: inout some TextOutputStream,
                                      while keepGoing: @escaping () -> Bool = { true }) throws(ShapeError) {
        try stream(to: &out, while: keepGoing) { head, firm throws(ShapeError) in try randomDAG(shape, head: head, firm: firm) }
    }

    static func stream(
        to out: inout some TextOutputStream, while keepGoing: @escaping () -> Bool,
        _ generate: ((Scenario) -> Void, (Scenario.Firm) -> Bool) throws(ShapeError) -> Void
    ) throws(ShapeError) {
        let writer = ScenarioWriter()
        var tail: Scenario?
        var first = true
        // Text is gathered into blocks of about 64 KB, so the destination sees few, large writes.
        var block = ""
        block.reserveCapacity(1 << 17)
        var stopped = false
        try generate({ head in
            writer.writeHead(of: head, to: &block)
            tail = head
        }, { firm in
            writer.writeFirm(firm, first: first, to: &block)
            first = false
            if block.utf8.count >= 1 << 16 {
                out.write(block)
                block.removeAll(keepingCapacity: true)
                stopped = !keepGoing()
            }
            return !stopped
        })
        if stopped { return }
        if let tail { writer.writeTail(of: tail, to: &block) }
        out.write(block)
    }
}
