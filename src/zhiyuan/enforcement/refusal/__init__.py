"""Refusal to execute (拒执): referral to the police, private prosecution, fines and detention."""
