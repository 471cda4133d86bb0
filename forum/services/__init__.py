"""The write API. Views call one function here; forms validate, they never write."""
