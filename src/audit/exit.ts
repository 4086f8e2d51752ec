/** Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage/config/input error, 3 incomplete data. */
export const EXIT = { clean: 0, findings: 1, input: 2, incomplete: 3 } as const;
