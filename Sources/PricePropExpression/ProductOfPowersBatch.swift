/// Many firms' production through the product-of-powers shortcut at once, in passes over the batch, for the
/// tick's produce phase: the logarithm of every received quantity (two at a time), each firm's `Σ aᵢ ln xᵢ`,
/// the exponentials (two at a time), each firm's value `y` and the numerators `aᵢ · y` of its marginal products.
///
/// The passes live in this module so that ``ElementaryFunctions``' `log` and `exp` and the kernels' steps are
/// inlined into them: a `package` function is not inlined into another module, and a call per value or per
/// firm from the tick engine would cost the call and the overlap of independent firms. Every firm's value and
/// numerators are the same bits as ``TapeKernel/finishProductOfPowers(exponential:inputs:parameters:gradient:)``
/// gives it alone.
package struct ProductOfPowersBatch {
    /// One kernel per tape.
    let kernels: UnsafePointer<TapeKernel>
    /// Per firm: its tape.
    let firmTape: UnsafePointer<Int32>
    /// Per firm: its first input slot (one more entry than firms).
    let inputStart: UnsafePointer<Int32>
    /// Per firm: its first parameter in `parameters`.
    let parameterStart: UnsafePointer<Int32>
    let parameters: UnsafePointer<Double>

    package init(kernels: UnsafePointer<TapeKernel>, firmTape: UnsafePointer<Int32>, inputStart: UnsafePointer<Int32>,
                 parameterStart: UnsafePointer<Int32>, parameters: UnsafePointer<Double>) {
        self.kernels = kernels
        self.firmTape = firmTape
        self.inputStart = inputStart
        self.parameterStart = parameterStart
        self.parameters = parameters
    }

    /// Firms `firms`, whose input slots are `base..<end` with `base = inputStart[firms.lowerBound]`.
    ///
    /// - Parameters:
    ///   - received: per slot of the batch (from `base`), the quantity received.
    ///   - logarithms: per slot of the batch, scratch: the logarithm of each received quantity.
    ///   - exponentials: per firm of the batch: `exp(Σ aᵢ ln xᵢ)` (NaN for a tape that is no product of powers;
    ///     a batch without any product of powers takes no logarithms at all).
    ///   - numerators: per slot of the network: `aᵢ · y` for every firm the shortcut covers.
    ///   - output: per firm of the network: `y` for every firm the shortcut covers, NaN for every other (a tape
    ///     that is no product of powers, a repeated input, or a value that is not finite or is 0), which the
    ///     caller finishes by the general route from its entry in `exponentials`.
    package func produce(firms: Range<Int>, received: UnsafePointer<Double>, logarithms: UnsafeMutablePointer<Double>,
                         exponentials: UnsafeMutablePointer<Double>, numerators: UnsafeMutablePointer<Double>,
                         output: UnsafeMutablePointer<Double>) {
        let first = firms.lowerBound
        let base = Int(inputStart[first]), end = Int(inputStart[firms.upperBound])
        // A batch of other tapes only (a CES or staged network) needs none of the passes.
        guard firms.contains(where: { kernels[Int(firmTape[$0])].factorCount >= 0 }) else {
            for f in firms {
                exponentials[f &- first] = .nan
                output[f] = .nan
            }
            return
        }
        // Logarithms of every received quantity, whether or not its firm needs them.
        ElementaryFunctions.logarithms(of: received, count: end &- base, into: logarithms)
        for f in firms {
            let kernel = kernels + Int(firmTape[f])
            let lo = Int(inputStart[f])
            exponentials[f &- first] = kernel.pointee.factorCount < 0 ? .nan : kernel.pointee.logSum(
                logarithms: logarithms + (lo &- base), parameters: parameters + Int(parameterStart[f]))
        }
        ElementaryFunctions.exponentials(of: exponentials, count: firms.count, into: exponentials)
        for f in firms {
            let kernel = kernels + Int(firmTape[f])
            let firmParameters = parameters + Int(parameterStart[f])
            if kernel.pointee.factorCount >= 0, kernel.pointee.distinctFactorInputs,
               let y = kernel.pointee.productOfPowersValue(exponential: exponentials[f &- first], parameters: firmParameters) {
                kernel.pointee.productOfPowersNumerators(value: y, parameters: firmParameters,
                                                         numerators: numerators + Int(inputStart[f]))
                output[f] = y
            } else {
                output[f] = .nan
            }
        }
    }
}
