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
the export's name instead of failing as a missing export.

The first deploy of the ECS examples (tests/deploy/exports.test) needs
three more, each a gap of moto 5.2 and not of the templates (CloudFormation
takes them as they are):
- a resource type moto's CloudFormation does not model (AWS::DocDB::DBCluster,
  AWS::RDS::DBCluster, AWS::SecretsManager::Secret, ...) is skipped by moto,
  and a Fn::GetAtt of it then fails the whole ExecuteChangeSet ("instance of
  Fn::GetAtt references undefined resource DbCluster"; its Ref reads as
  null). Here it stands as a placeholder: its Ref is a generated physical ID
  (STACK-LOGICALID-SUFFIX, as moto names what it models) and every attribute
  reads as "PHYSICALID.Attribute"; nothing is created behind it;
- moto's EFS file system has no get_cfn_attribute, so Fn::GetAtt FS.Arn
  answers HTTP 500 (AttributeError); it is given Arn and FileSystemId;
- moto's RDS DB instance knows no default version for the Aurora engines
  (aurora-mysql, aurora-postgresql: an Aurora instance takes its cluster's
  version, so templates give none), so creating one answers HTTP 500
  (KeyError 'aurora-mysql'); a default version is added for each.

moto 5.2 has no ListImports at all (an unknown action): it is answered here
as CloudFormation does, from the current template of every live stack (its
Fn::ImportValue names, resolved), with the ValidationError "Export 'NAME' is
not imported by any stack." when none imports it. Nothing else changes.

usage: moto_exports.py -H 127.0.0.1 -p PORT
"""
import ipaddress
import sys

from moto.cloudformation import models
from moto.cloudformation import responses
from moto.cloudformation.exceptions import ValidationError
from moto.cloudformation import parsing
from moto.cloudformation.parsing import OutputMap
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.efs.models import FileSystem
from moto.rds.models import DBInstance
from moto.server import main

_apply = models.ChangeSet.apply


def apply(self):
    stack = self.stack
    backend = models.cloudformation_backends[stack.account_id][stack.region_name]
    stack.cross_stack_resources = backend.exports
    stack.resource_map.cross_stack_resources = backend.exports
    _apply(self)
    stack.template_dict = self.template_dict  # what ListImports reads
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


class Unmodelled:
    """A resource moto's CloudFormation does not model: a name, no more."""

    def __init__(self, logical_id, resource_type, stack_name):
        self.logical_resource_id = logical_id
        self.cf_resource_type = resource_type
        self.physical_resource_id = parsing.generate_resource_name(resource_type, stack_name,
                                                                   logical_id)

    def get_cfn_attribute(self, attr):
        return f"{self.physical_resource_id}.{attr}"

    def delete(self, account_id, region_name):
        pass


def unmodelled(logical_id, resource_json, resources_map):
    """A placeholder when moto has no class for the type, else None."""
    if parsing.resource_class_from_type(resource_json["Type"]):
        return None
    condition = resource_json.get("Condition")
    if condition and not resources_map.lazy_condition_map[condition]:
        return None
    return Unmodelled(logical_id, resource_json["Type"], resources_map["AWS::StackName"])


_create = parsing.parse_and_create_resource
_update = parsing.parse_and_update_resource


def parse_and_create_resource(logical_id, resource_json, resources_map, account_id, region_name):
    return (unmodelled(logical_id, resource_json, resources_map)
            or _create(logical_id, resource_json, resources_map, account_id, region_name))


def parse_and_update_resource(logical_id, resource_json, resources_map, account_id, region_name):
    kept = resources_map._parsed_resources.get(logical_id)
    if isinstance(kept, Unmodelled):
        return kept
    return (unmodelled(logical_id, resource_json, resources_map)
            or _update(logical_id, resource_json, resources_map, account_id, region_name))


parsing.parse_and_create_resource = parse_and_create_resource
parsing.parse_and_update_resource = parse_and_update_resource


def efs_attribute(self, attr):
    if attr == "Arn":
        return self.file_system_arn
    if attr == "FileSystemId":
        return self.file_system_id
    raise UnformattedGetAttTemplateException()


if not hasattr(FileSystem, "get_cfn_attribute"):
    FileSystem.get_cfn_attribute = efs_attribute
DBInstance.default_engine_versions.setdefault("aurora-mysql", "8.0.mysql_aurora.3.05.2")
DBInstance.default_engine_versions.setdefault("aurora-postgresql", "15.4")


def imported_names(node, resources_map):
    """Every export name a template reads with Fn::ImportValue."""
    if isinstance(node, dict):
        if "Fn::ImportValue" in node:
            name = node["Fn::ImportValue"]
            if not isinstance(name, str):
                name = _clean_json(name, resources_map)
            yield name
            return
        for v in node.values():
            yield from imported_names(v, resources_map)
    elif isinstance(node, list):
        for v in node:
            yield from imported_names(v, resources_map)


def list_imports(self):
    name = self._get_param("ExportName")
    backend = self.cloudformation_backend
    importers = [st.name for st in backend.stacks.values()
                 if st.status != "DELETE_COMPLETE" and st.status != "REVIEW_IN_PROGRESS"
                 and name in imported_names(st.template_dict, st.resource_map)]
    if not importers:
        raise ValidationError(message=f"Export '{name}' is not imported by any stack.")
    return responses.ActionResult({"Imports": importers, "NextToken": None})


responses.CloudFormationResponse.list_imports = list_imports

if __name__ == "__main__":
    main(sys.argv[1:])
