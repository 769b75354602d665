"""Property parts of criminal judgments (刑事涉财): the criminal trial division's transfer for enforcement
(移送执行) and what enforcement reads of it."""
