// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice `exp(x)` of a wad `x` (1e18 = 1.0) would not fit in a uint256 wad.
error ArithmeticOverflow();

/// @dev ln(2) as a wad (floor).
uint256 constant LN2_WAD = 693_147_180_559_945_309;
/// @dev Largest accepted exponent: e^135 still fits a uint256 wad.
uint256 constant EXP_WAD_MAX_INPUT = 135e18;

/**
 * @notice e^x for a non-negative 18-decimal fixed-point ("wad") x, returned as a wad.
 * @dev Used for continuous compounding in Staking (the published contract uses Solady's
 *      `expWad`, which is not a dependency here). Method:
 *        1. range reduction: x = k * ln2 + r with integer k >= 0 and 0 <= r < ln2,
 *           so e^x = 2^k * e^r;
 *        2. e^r by its Taylor series sum(r^n / n!) in wad arithmetic, stopping once a term
 *           truncates to zero (r < 0.7, so about 20 terms at most);
 *        3. shift left by k.
 *      Every term is truncated (rounded down), so the result is at most a few wei per 1e18
 *      below the exact value: relative error below 1e-16, always in the payer's favour.
 *      Domain: 0 <= x <= EXP_WAD_MAX_INPUT (e^135 * 1e18 ~ 4.3e76 < 2^256).
 *      A free function rather than a library, so the compiler emits no artifact for it.
 * @param x Exponent, wad, at most EXP_WAD_MAX_INPUT.
 * @return result e^x as a wad (rounded down).
 */
function expWad(uint256 x) pure returns (uint256 result) {
    if (x > EXP_WAD_MAX_INPUT) revert ArithmeticOverflow();
    uint256 k = x / LN2_WAD;
    uint256 r = x - k * LN2_WAD;
    uint256 term = 1e18;
    result = 1e18;
    for (uint256 n = 1; term != 0; ++n) {
        term = (term * r) / (n * 1e18);
        result += term;
    }
    result <<= k;
}
