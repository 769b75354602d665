"""Control measures (查封、扣押、冻结、扣划): their periods from ``zhiyuan.law``, priority among courts (首封 and
轮候), renewal, release, lapse, the expiry calendar, and the orders the inquiry network carries out."""
