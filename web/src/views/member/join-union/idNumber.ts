// The check a resident ID number must pass (GB 11643): 17 digits and a check character (0-9
// or X) from their weighted sum; the server checks the same, this only says so sooner.
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

export function isIdNumber(text: string): boolean {
  const value = text.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const sum = weights.reduce((total, weight, index) => total + weight * Number(value[index]), 0);
  return checkCharacters[sum % 11] === value[17];
}
