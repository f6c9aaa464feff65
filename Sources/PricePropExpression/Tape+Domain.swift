import PricePropBasics

/// Where an evaluation left the real numbers: the first operation whose result is not finite.
public struct DomainFault: Sendable, Hashable {
    /// The subexpression, as source text (fully parenthesised).
    public var operation: String
    /// Its operand values.
    public var operands: [Double]
    /// What it produced (NaN or ±infinity).
    public var result: Double

    /// A short description such as `sqrt(x) with operand -2 is undefined`, in words a person reads: neither
    /// the result nor an operand is ever printed as `nan` or `inf`.
    public var message: String {
        // Ten significant digits, as everywhere a person reads a number: enough to see which side of a domain
        // boundary the operand fell, without the seventeen of a round trip.
        let values = operands.map { $0.isFinite ? NumberText.significant($0, digits: 10) : $0.isNaN ? "an undefined value" : "an overflowed value" }
            .joined(separator: ", ")
        let what = result.isNaN ? "is undefined" : "overflows past the largest finite number (1.8e308)"
        return "\(operation) with operand\(operands.count == 1 ? "" : "s") \(values) \(what)"
    }
}

extension Tape {
    /// Re-runs the forward sweep and names the first instruction that produced a non-finite value from finite
    /// operands; `nil` if every value is finite. For diagnostics only: it allocates.
    public func firstDomainFault(inputs: [Double], parameters: [Double]) -> DomainFault? {
        let workspace = Workspace(capacity: slotCount)
        _ = inputs.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { p in
                forward(inputs: x.baseAddress ?? .dummy, parameters: p.baseAddress ?? .dummy, values: workspace.values)
            }
        }
        let v = workspace.values
        for (k, op) in instructions.enumerated() {
            let r = v[resultBase + k]
            guard !r.isFinite else { continue }
            let a = v[Int(op.lhs)], b = v[Int(op.rhs)]
            let operands = op.opcode.isUnary ? [a] : [a, b]
            if operands.allSatisfy(\.isFinite) {
                return DomainFault(operation: instructionText[k], operands: operands, result: r)
            }
        }
        return nil
    }
}
