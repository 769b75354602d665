"""The property inventory (财产) and its disposal: reference price, online judicial auction under
``zhiyuan.law.auction``, sale at a set price (变卖) and acceptance in lieu (以物抵债)."""
