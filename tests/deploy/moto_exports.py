#!/usr/bin/env python3
"""moto_server with the cross-stack exports of change sets.

moto registers a stack's Outputs and Exports, and resolves Fn::ImportValue,
only for CreateStack; a stack made by a change set (phxc deploys through
change sets, as the AWS CLI's `deploy` does) gets neither, so a program of
several stacks could not be tested against moto at all. This wrapper does
after ExecuteChangeSet what moto's own CreateStack and UpdateStack do: the
stack reads the region's exports, its output map is rebuilt, and its exports
replace the ones it had. moto also lacks Fn::Cidr, which the stdlib's
network uses for its subnets: it is computed here as CloudFormation does
(count blocks of 2^cidrBits addresses from the start of ipBlock). And an
export of a resource moto does not model (an AWS::SecretsManager::Secret
made by a template has no value in moto) reads, through Fn::ImportValue, as
the export's name instead of failing as a missing export. Nothing else
changes.

usage: moto_exports.py -H 127.0.0.1 -p PORT
"""
import ipaddress
import sys

from moto.cloudformation import models
from moto.cloudformation import parsing
from moto.cloudformation.parsing import OutputMap
from moto.server import main

_apply = models.ChangeSet.apply


def apply(self):
    stack = self.stack
    backend = models.cloudformation_backends[stack.account_id][stack.region_name]
    stack.cross_stack_resources = backend.exports
    stack.resource_map.cross_stack_resources = backend.exports
    _apply(self)
    stack.output_map = OutputMap(stack.resource_map, self.template_dict, stack.stack_id)
    for name in [n for n, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]:
        backend.exports.pop(name)
    for export in stack.exports:
        backend.exports[export.name] = export


models.ChangeSet.apply = apply

_clean_json = parsing.clean_json


def clean_json(resource_json, resources_map):
    if isinstance(resource_json, dict) and "Fn::Cidr" in resource_json:
        block, count, bits = (_clean_json(v, resources_map) for v in resource_json["Fn::Cidr"])
        net = ipaddress.ip_network(block, strict=False)
        prefix = net.max_prefixlen - int(bits)
        return [str(n) for _, n in zip(range(int(count)), net.subnets(new_prefix=prefix))]
    if isinstance(resource_json, dict) and "Fn::ImportValue" in resource_json:
        name = _clean_json(resource_json["Fn::ImportValue"], resources_map)
        for export in (resources_map.cross_stack_resources or {}).values():
            if export.name == name:
                return export.value if export.value is not None else name
        raise parsing.ExportNotFound(name)
    return _clean_json(resource_json, resources_map)


parsing.clean_json = clean_json

if __name__ == "__main__":
    main(sys.argv[1:])
