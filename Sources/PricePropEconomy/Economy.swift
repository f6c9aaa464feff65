import Foundation
import PricePropBasics
import PricePropExpression

/// The supply network a scenario describes, laid out flat for the tick engine.
///
/// Goods and firms are addressed by integer index. Firms are stored as a struct of arrays, sorted by the
/// *level* of the good they make (primary and unproduced goods are level 0; a produced good is one level above
/// its highest input), so each level's firms are a contiguous range that only reads goods of lower levels.
/// In a cyclic network the *carried* goods (``carriedGoods``) close the cycles: their supply in a tick is
/// what was made of them the tick before, so they count as level 0 for their users and clear at level 0.
/// A firm's inputs are a contiguous range of *input slots* (`inputStart[f]..<inputStart[f+1]`), in the order
/// of its tape's inputs. A scenario firm with `count: n` becomes `n` independent firms.
public struct Economy: Sendable {
    /// Scenario name, for reports.
    public let name: String
    /// Goods in scenario order (the order of output columns).
    public internal(set) var goods: [Good]
    /// Names of the scenario's firm entries; `firmEntry` maps each firm to one of them.
    public let firmEntryNames: [String]
    /// The firm entries that are households (``Scenario/expandingHouseholds()``), empty when there are none.
    public let householdEntries: Range<Int>

    // MARK: Firms (struct of arrays, sorted by level)
    // The index arrays the tick engine reads live only in ``network`` (one copy, not two: on a million-firm
    // network each firm's and slot's indices cost 44 bytes per firm); these properties read them there.
    /// Which scenario firm entry each firm comes from.
    package let firmEntry: [Int32]
    /// The good each firm makes.
    package var firmOutput: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: network.view.firmOutput, count: network.view.firmCount) }
    /// Index into ``tapes`` of each firm's production function.
    package var firmTape: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: network.view.firmTape, count: network.view.firmCount) }
    /// Input-slot ranges per firm, `firmCount + 1` entries.
    package var inputStart: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: network.view.inputStart, count: network.view.firmCount + 1) }
    /// The good each input slot draws on.
    package var inputGood: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: network.view.inputGood, count: network.view.slotCount) }
    /// The firm owning each input slot.
    package let inputFirm: [Int32]
    /// Parameter ranges per firm into ``parameterValues``, `firmCount + 1` entries.
    package var parameterStart: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: network.view.parameterStart, count: network.view.firmCount + 1) }
    /// Each firm's parameter values, in its tape's parameter order.
    public internal(set) var parameterValues: [Double]
    /// Compiled production functions, shared by firms of the same shape.
    public let tapes: [Tape]
    /// The network above as plain pointers, shared by every reader (see ``NetworkView``).
    package let network: Network

    // MARK: Goods' neighbours
    /// Producer firms per good: `producers[producerStart[g]..<producerStart[g+1]]`.
    package let producerStart: [Int32]
    package var producers: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: network.view.producers, count: network.view.firmCount) }
    /// Input slots that draw on each good: `users[userStart[g]..<userStart[g+1]]`, in firm order.
    package let userStart: [Int32]
    package var users: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: network.view.users, count: network.view.slotCount) }

    // MARK: Cycles
    /// Whether each good is carried: made in one tick and supplied in the next (see ``SupplyGraph``).
    package let isCarried: [Bool]
    /// The carried goods, ascending; empty when the network is acyclic.
    public let carriedGoods: [Int32]
    /// Whether the supply network has a cycle (a firm using its own output included).
    public var isCyclic: Bool { !carriedGoods.isEmpty }

    // MARK: Levels
    /// Level of each good.
    package let goodLevel: [Int32]
    /// Firms of level `l` are `levelFirmStart[l]..<levelFirmStart[l+1]`.
    package let levelFirmStart: [Int32]
    /// Goods of level `l` are `levelGoods[levelGoodStart[l]..<levelGoodStart[l+1]]`.
    package let levelGoodStart: [Int32]
    package let levelGoods: [Int32]

    public var firmCount: Int { network.view.firmCount }
    public var goodCount: Int { goods.count }
    public var inputSlotCount: Int { network.view.slotCount }
    public var levelCount: Int { levelFirmStart.count - 1 }
    /// The most slots any tape needs, to size per-thread workspaces.
    public let maxTapeSlots: Int
    /// The most inputs any firm has.
    public let maxInputs: Int

    /// Input slots of firm `f`.
    @inline(__always) public func inputs(of f: Int) -> Range<Int> { Int(inputStart[f])..<Int(inputStart[f + 1]) }
    /// Parameter range of firm `f` in ``parameterValues``.
    @inline(__always) public func parameterRange(of f: Int) -> Range<Int> { Int(parameterStart[f])..<Int(parameterStart[f + 1]) }
    /// Producer firms of good `g`.
    @inline(__always) package func producers(of g: Int) -> Slice<UnsafeBufferPointer<Int32>> { producers[Int(producerStart[g])..<Int(producerStart[g + 1])] }
    /// Input slots using good `g`.
    @inline(__always) package func users(of g: Int) -> Slice<UnsafeBufferPointer<Int32>> { users[Int(userStart[g])..<Int(userStart[g + 1])] }
    /// Firms of level `l`.
    @inline(__always) public func firms(atLevel l: Int) -> Range<Int> { Int(levelFirmStart[l])..<Int(levelFirmStart[l + 1]) }
    /// Goods of level `l`.
    @inline(__always) public func goods(atLevel l: Int) -> ArraySlice<Int32> { levelGoods[Int(levelGoodStart[l])..<Int(levelGoodStart[l + 1])] }

    /// A readable name for firm `f`: its entry's name, with `#k` when the entry has several firms.
    public func firmName(_ f: Int) -> String {
        let entry = Int(firmEntry[f])
        let name = firmEntryNames[entry]
        guard entryFirmCount[entry] > 1 else { return name }
        return "\(name)#\(f - Int(entryFirstFirm[entry]) + 1)"
    }

    /// Production expression text of each scenario firm entry, packed: a million entries' texts would
    /// otherwise be a million heap strings kept for the rare message that quotes one.
    public let firmEntryProductions: PackedStrings
    /// Input good names of entry `e`, in tape input order (those of its first firm).
    package func entryInputNames(_ e: Int) -> [String] {
        inputs(of: Int(entryFirstFirm[e])).map { goods[Int(inputGood[$0])].name }
    }

    /// Source text of a canonical subexpression of entry `e`'s tape, with the entry's own names put back.
    public func sourceText(_ canonical: String, entry e: Int) -> String {
        var text = canonical
        // Highest index first, so that `$x1` does not clobber the start of `$x10`.
        for (i, name) in entryInputNames(e).enumerated().reversed() { text = text.replacingOccurrences(of: "$x\(i)", with: name) }
        for (i, name) in entryParameterNames[e].enumerated().reversed() { text = text.replacingOccurrences(of: "$p\(i)", with: name) }
        return text
    }

    /// How many firms each entry has, and where its first one is.
    package let entryFirmCount: [Int32]
    package let entryFirstFirm: [Int32]
    /// For each entry, the parameter names of its tape, to apply events.
    package let entryParameterNames: [[String]]
    /// Scenario-level parameters and which entries take each (those that do not override it); changed by
    /// ``apply(_:value:)``.
    package var scenarioParameters: [String: Double]
    package var entryOverrides: [Set<String>]
}
