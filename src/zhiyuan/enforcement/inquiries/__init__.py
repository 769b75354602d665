"""Asset inquiries (网络查控) on enforcement cases through the inquiry network (docs/gateway.md, "The
platform side"): the officer's services, the durable jobs that send and collect, repeated freezes
(teimosinha) and standing re-query orders."""
