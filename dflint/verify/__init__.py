"""dflint verify: build the original and the fixed Dockerfile with a real engine, measure
both images and compare what they do (see docs/verify.md)."""
